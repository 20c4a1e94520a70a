using System.Globalization;

namespace Leerplatform.Core.Theming;

/// <summary>An sRGB colour, written and read only as <c>#rrggbb</c>.</summary>
public readonly record struct RgbColour(byte R, byte G, byte B)
{
    /// <summary>Lower-case <c>#rrggbb</c>: the only form that ever reaches a stylesheet.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Parses exactly <c>#rrggbb</c> (either case, surrounding spaces allowed); nothing else.</summary>
    public static bool TryParse(string? text, out RgbColour colour)
    {
        colour = default;
        var value = text?.Trim();
        if (value is not { Length: 7 } || value[0] != '#')
        {
            return false;
        }

        foreach (var c in value.AsSpan(1))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        colour = new RgbColour(Channel(value, 1), Channel(value, 3), Channel(value, 5));
        return true;
    }

    /// <summary>Parses <c>#rrggbb</c> or throws <see cref="FormatException"/>.</summary>
    public static RgbColour Parse(string text) =>
        TryParse(text, out var colour) ? colour : throw new FormatException($"'{text}' is not a #rrggbb colour.");

    /// <summary>Mixes towards <paramref name="other"/> by <paramref name="amount"/> (0 = this colour, 1 = other).</summary>
    public RgbColour Mix(RgbColour other, double amount)
    {
        byte Blend(byte a, byte b) => (byte)Math.Round(a + ((b - a) * Math.Clamp(amount, 0, 1)), MidpointRounding.AwayFromZero);
        return new RgbColour(Blend(R, other.R), Blend(G, other.G), Blend(B, other.B));
    }

    public override string ToString() => Hex;

    private static byte Channel(string hex, int offset) =>
        byte.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <summary>WCAG 2.x contrast: relative luminance and contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).</summary>
public static class Contrast
{
    /// <summary>AA for normal text (success criterion 1.4.3).</summary>
    public const double AaText = 4.5;

    /// <summary>AA for non-text contrast: borders, focus indicators (1.4.11).</summary>
    public const double AaNonText = 3.0;

    /// <summary>Relative luminance, 0 (black) to 1 (white).</summary>
    public static double Luminance(RgbColour colour) =>
        (0.2126 * Linear(colour.R)) + (0.7152 * Linear(colour.G)) + (0.0722 * Linear(colour.B));

    /// <summary>(L1 + 0.05) / (L2 + 0.05) with L1 the lighter; 1 to 21, symmetric.</summary>
    public static double Ratio(RgbColour a, RgbColour b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>
    /// The ratio cut (not rounded) to two decimals, for messages: 4.499 must never read as "4.50" next to
    /// "needs 4.5".
    /// </summary>
    public static double Truncated(double ratio) => Math.Floor(ratio * 100) / 100;

    private static double Linear(byte channel)
    {
        // WCAG 2.x uses 0.03928 (the sRGB draft value); the difference with 0.04045 never changes a result.
        var c = channel / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
