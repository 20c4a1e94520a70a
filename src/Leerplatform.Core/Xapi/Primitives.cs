using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Leerplatform.Core.Xapi;

/// <summary>The xAPI versions this library reads, writes and negotiates.</summary>
public enum XapiVersion
{
    V1_0_3,
    V2_0_0,
}

public static class XapiVersions
{
    public const string Header = "X-Experience-API-Version";

    public static string ToText(this XapiVersion version) => version == XapiVersion.V2_0_0 ? "2.0.0" : "1.0.3";

    /// <summary>
    /// Reads an <c>X-Experience-API-Version</c> header: any 1.0.x is served as 1.0.3 and any 2.0.x as 2.0.0;
    /// anything else (0.95, 1.1.0, garbage) is refused.
    /// </summary>
    public static bool TryParseHeader(string? value, out XapiVersion version)
    {
        version = XapiVersion.V1_0_3;
        if (value is null)
        {
            return false;
        }

        var match = Regex.Match(value.Trim(), @"^(1|2)\.0(\.\d+)?$", RegexOptions.CultureInvariant);
        if (!match.Success)
        {
            return false;
        }

        version = match.Groups[1].Value == "2" ? XapiVersion.V2_0_0 : XapiVersion.V1_0_3;
        return true;
    }

    /// <summary>The <c>version</c> property of a statement: 1.0.x always, 2.0.x only under 2.0.0.</summary>
    public static bool IsAcceptableStatementVersion(string value, XapiVersion version) =>
        Regex.IsMatch(value, @"^1\.0(\.\d+)?$", RegexOptions.CultureInvariant)
        || (version == XapiVersion.V2_0_0 && Regex.IsMatch(value, @"^2\.0(\.\d+)?$", RegexOptions.CultureInvariant));
}

/// <summary>
/// An ISO 8601 timestamp as xAPI uses it (the RFC 3339 profile): the text as written, so it round-trips
/// exactly, and its instant.
/// </summary>
public readonly record struct XapiTimestamp(DateTimeOffset Value, string Text)
{
    private static readonly Regex Pattern = new(
        @"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Written in UTC with milliseconds, the form cmi5 requires and every LRS accepts.</summary>
    public static XapiTimestamp FromInstant(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new XapiTimestamp(utc, utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    public static XapiTimestamp FromInstant(DateTime utc) => FromInstant(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static bool TryParse(string text, out XapiTimestamp timestamp)
    {
        timestamp = default;
        var m = Pattern.Match(text);
        if (!m.Success)
        {
            return false;
        }

        // RFC 3339 §4.3: "-00:00" means "offset unknown"; xAPI requires a real offset.
        if (m.Groups[9].Value == "-" && m.Groups[10].Value == "00" && (m.Groups[11].Value is "" or "00"))
        {
            return false;
        }

        try
        {
            var offset = m.Groups[8].Success
                ? TimeSpan.Zero
                : (m.Groups[9].Value == "-" ? -1 : 1) * new TimeSpan(Int(m.Groups[10]), m.Groups[11].Success ? Int(m.Groups[11]) : 0, 0);
            var value = new DateTimeOffset(Int(m.Groups[1]), Int(m.Groups[2]), Int(m.Groups[3]), Int(m.Groups[4]), Int(m.Groups[5]),
                m.Groups[6].Success ? Int(m.Groups[6]) : 0, offset);
            if (m.Groups[7].Success)
            {
                var digits = m.Groups[7].Value;
                var ticks = long.Parse(digits.Length > 7 ? digits[..7] : digits.PadRight(7, '0'), CultureInfo.InvariantCulture);
                value = value.AddTicks(ticks);
            }

            timestamp = new XapiTimestamp(value, text);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // 2026-02-30, 25:00, offset over 14 h
        }
    }

    public static XapiTimestamp Parse(string text) =>
        TryParse(text, out var timestamp) ? timestamp : throw new FormatException($"Not an ISO 8601 timestamp: '{text}'.");

    public override string ToString() => Text;

    private static int Int(System.Text.RegularExpressions.Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>An ISO 8601 duration ("PT1M30.5S"): the text as written and its length (years as 365 days, months as 30).</summary>
public readonly record struct XapiDuration(TimeSpan Value, string Text)
{
    private static readonly Regex Pattern = new(
        @"^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Hours, minutes and seconds to 0.01 s, the precision cmi5 asks for.</summary>
    public static XapiDuration FromTimeSpan(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            value = TimeSpan.Zero;
        }

        var centiseconds = (long)Math.Round(value.Ticks / (double)TimeSpan.TicksPerMillisecond / 10);
        var hours = centiseconds / 360_000;
        var minutes = centiseconds / 6_000 % 60;
        var seconds = centiseconds % 6_000 / 100m;
        var text = new StringBuilder("PT");
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
        }

        if (minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
        }

        if (seconds > 0 || (hours == 0 && minutes == 0))
        {
            text.Append(seconds.ToString("0.##", CultureInfo.InvariantCulture)).Append('S');
        }

        return new XapiDuration(TimeSpan.FromMilliseconds(centiseconds * 10), text.ToString());
    }

    public static bool TryParse(string text, out XapiDuration duration)
    {
        duration = default;
        var m = Pattern.Match(text);
        if (!m.Success)
        {
            return false;
        }

        double Part(int index) => m.Groups[index].Success
            ? double.Parse(m.Groups[index].Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0;

        var days = Part(1) * 365 + Part(2) * 30 + Part(3) * 7 + Part(4);
        var seconds = days * 86_400 + Part(5) * 3_600 + Part(6) * 60 + Part(7);
        if (seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = new XapiDuration(TimeSpan.FromSeconds(seconds), text);
        return true;
    }

    public override string ToString() => Text;
}
