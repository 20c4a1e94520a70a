namespace Leerplatform.Core.Theming;

/// <summary>The colours of a theme that an accent colour must stand against.</summary>
/// <param name="PageBackground"><c>--lp-color-bg</c>: the accent is also the primary colour of text and outlines.</param>
/// <param name="OnPrimary"><c>--lp-color-on-primary</c>: text on buttons.</param>
/// <param name="HeaderText"><c>--lp-color-header-text</c>: text in the header.</param>
/// <param name="FocusHalo"><c>--lp-color-focus-halo</c>: the focus ring in the header (3:1).</param>
public sealed record ThemeBaseColours(RgbColour PageBackground, RgbColour OnPrimary, RgbColour HeaderText, RgbColour FocusHalo);

/// <summary>Which use of the accent failed a contrast check.</summary>
public enum AccentUse
{
    /// <summary>Button text (on-primary) on the accent.</summary>
    ButtonText,

    /// <summary>Header text on the accent as header background.</summary>
    HeaderText,

    /// <summary>The accent as text colour on the page background.</summary>
    TextOnPage,

    /// <summary>Button text on the derived hover colour.</summary>
    HoverText,

    /// <summary>The hover colour as text on the derived soft background.</summary>
    TextOnSoft,

    /// <summary>The focus halo on the accent as header background (non-text, 3:1).</summary>
    FocusInHeader,
}

/// <summary>One failed check: the measured ratio and the one required.</summary>
public sealed record ContrastFailure(AccentUse Use, RgbColour Foreground, RgbColour Background, double Ratio, double Required);

/// <summary>
/// An organisation's accent and the colours derived from it: header background and primary (the accent), hover
/// (darker) and a soft tint. <see cref="Check"/> lists every pair that fails WCAG AA; an accent is only ever applied
/// when that list is empty.
/// </summary>
public sealed record AccentPalette(RgbColour Primary, RgbColour Hover, RgbColour Soft)
{
    private static readonly RgbColour Black = new(0, 0, 0);
    private static readonly RgbColour White = new(255, 255, 255);

    /// <summary>Hover is the accent 25 % towards black, the soft tint 88 % towards white.</summary>
    public static AccentPalette From(RgbColour accent) => new(accent, accent.Mix(Black, 0.25), accent.Mix(White, 0.88));

    /// <summary>Every pair below its AA minimum, in the order a person would fix them (empty: the accent may be used).</summary>
    public IReadOnlyList<ContrastFailure> Check(ThemeBaseColours theme)
    {
        var failures = new List<ContrastFailure>();
        void Require(AccentUse use, RgbColour foreground, RgbColour background, double minimum)
        {
            var ratio = Contrast.Ratio(foreground, background);
            if (ratio < minimum)
            {
                failures.Add(new ContrastFailure(use, foreground, background, ratio, minimum));
            }
        }

        Require(AccentUse.ButtonText, theme.OnPrimary, Primary, Contrast.AaText);
        Require(AccentUse.HeaderText, theme.HeaderText, Primary, Contrast.AaText);
        Require(AccentUse.TextOnPage, Primary, theme.PageBackground, Contrast.AaText);
        Require(AccentUse.HoverText, theme.OnPrimary, Hover, Contrast.AaText);
        Require(AccentUse.TextOnSoft, Hover, Soft, Contrast.AaText);
        Require(AccentUse.FocusInHeader, theme.FocusHalo, Primary, Contrast.AaNonText);
        return failures;
    }
}
