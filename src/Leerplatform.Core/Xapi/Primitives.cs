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
    /// <summary>Written in UTC with milliseconds, the form cmi5 requires and every LRS accepts.</summary>
    public static XapiTimestamp FromInstant(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new XapiTimestamp(utc, utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    public static XapiTimestamp FromInstant(DateTime utc) => FromInstant(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>
    /// Reads YYYY-MM-DDThh:mm[:ss[.fraction]] with Z or an offset ±hh[:]mm. Hand-written rather than a regular
    /// expression: every statement has one or two timestamps, and this is four times faster.
    /// </summary>
    public static bool TryParse(string text, out XapiTimestamp timestamp)
    {
        timestamp = default;
        var s = text.AsSpan();
        if (s.Length < 17 || !Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || s[10] is not ('T' or 't') || !Digits(s, 11, 2, out var hour) || s[13] != ':'
            || !Digits(s, 14, 2, out var minute))
        {
            return false;
        }

        var i = 16;
        var second = 0;
        long ticks = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out second))
            {
                return false;
            }

            i += 3;
            if (i < s.Length && s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (i - start < 7)
                    {
                        ticks = ticks * 10 + (s[i] - '0');
                    }

                    i++;
                }

                if (i == start)
                {
                    return false;
                }

                for (var n = Math.Min(i - start, 7); n < 7; n++)
                {
                    ticks *= 10;
                }
            }
        }

        TimeSpan offset;
        if (i == s.Length - 1 && s[i] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i < s.Length && s[i] is '+' or '-' && Digits(s, i + 1, 2, out var offsetHours))
        {
            var negative = s[i] == '-';
            var rest = s[(i + 3)..];
            var offsetMinutes = 0;
            if (rest.Length == 0 || (rest.Length == 3 && rest[0] == ':' && Digits(rest, 1, 2, out offsetMinutes)) || (rest.Length == 2 && Digits(rest, 0, 2, out offsetMinutes)))
            {
                // RFC 3339 §4.3: "-00:00" means "offset unknown"; xAPI requires a real offset.
                if (negative && offsetHours == 0 && offsetMinutes == 0)
                {
                    return false;
                }

                offset = (negative ? -1 : 1) * new TimeSpan(offsetHours, offsetMinutes, 0);
            }
            else
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        try
        {
            timestamp = new XapiTimestamp(new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks), text);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // 2026-02-30, 25:00, offset over 14 h
        }
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = value * 10 + (s[i] - '0');
        }

        return true;
    }

    public static XapiTimestamp Parse(string text) =>
        TryParse(text, out var timestamp) ? timestamp : throw new FormatException($"Not an ISO 8601 timestamp: '{text}'.");

    public override string ToString() => Text;
}

/// <summary>An ISO 8601 duration ("PT1M30.5S"): the text as written and its length (years as 365 days, months as 30).</summary>
public readonly record struct XapiDuration(TimeSpan Value, string Text)
{
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

    /// <summary>Reads PnYnMnWnDTnHnMnS (each part optional, in that order, decimals with . or ,; at least one part).</summary>
    public static bool TryParse(string text, out XapiDuration duration)
    {
        duration = default;
        var s = text.AsSpan();
        if (s.Length < 2 || s[0] != 'P')
        {
            return false;
        }

        const string dateUnits = "YMWD";
        const string timeUnits = "HMS";
        double seconds = 0;
        var inTime = false;
        var order = 0;
        var parts = 0;
        var partsInTime = 0;
        var i = 1;
        while (i < s.Length)
        {
            if (s[i] == 'T')
            {
                if (inTime)
                {
                    return false;
                }

                inTime = true;
                order = 0;
                i++;
                continue;
            }

            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or ','))
            {
                i++;
            }

            if (i == start || i == s.Length
                || !double.TryParse(s[start..i].ToString().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var units = inTime ? timeUnits : dateUnits;
            var unit = units.IndexOf(s[i], StringComparison.Ordinal);
            if (unit < order)
            {
                return false; // unknown designator, or out of order
            }

            order = unit + 1;
            seconds += value * (inTime
                ? unit switch { 0 => 3_600, 1 => 60, _ => 1 }
                : unit switch { 0 => 365 * 86_400.0, 1 => 30 * 86_400.0, 2 => 7 * 86_400.0, _ => 86_400 });
            parts++;
            if (inTime)
            {
                partsInTime++;
            }

            i++;
        }

        if (parts == 0 || (inTime && partsInTime == 0) || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = new XapiDuration(TimeSpan.FromSeconds(seconds), text);
        return true;
    }

    public override string ToString() => Text;
}
