using System.Globalization;
using Humanizer;
using Humanizer.Configuration;
using Humanizer.Localisation;

namespace Leerplatform.Core.Localization;

/// <summary>Durations and moments in words, in the UI culture ("± 25 minuten", "3 dagen geleden").</summary>
public static class HumanText
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        Configurator.Formatters.Register("nl", new DutchHumanizerFormatter());
        return true;
    });

    /// <summary>Registers the project's Humanizer localisation once per process; safe to call often.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <summary>An estimated study time, e.g. "± 25 minuten", "± 1 uur en 30 minuten", "± 25 minutes".</summary>
    public static string EstimatedDuration(int minutes, CultureInfo culture)
    {
        EnsureRegistered();
        var text = TimeSpan.FromMinutes(minutes).Humanize(precision: 2, culture: culture, maxUnit: TimeUnit.Hour,
            minUnit: TimeUnit.Minute, collectionSeparator: IsDutch(culture) ? " en " : " and ");
        return $"± {text}";
    }

    /// <summary>How long ago something happened, relative to <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset moment, DateTimeOffset now, CultureInfo culture)
    {
        EnsureRegistered();
        return moment.Humanize(now, culture);
    }

    /// <summary>A calendar date as people write it in the culture ("30 november 2026", "30 November 2026").</summary>
    public static string Date(DateTime utc, CultureInfo culture) =>
        utc.ToString(culture.DateTimeFormat.LongDatePattern.Replace("dddd, ", string.Empty, StringComparison.Ordinal).Replace("dddd ", string.Empty, StringComparison.Ordinal), culture);

    private static bool IsDutch(CultureInfo culture) => culture.TwoLetterISOLanguageName == "nl";
}
