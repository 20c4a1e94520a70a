using System.Globalization;
using Humanizer;
using Humanizer.Localisation;
using Humanizer.Localisation.Formatters;

namespace Leerplatform.Core.Localization;

/// <summary>
/// Dutch strings for Humanizer. Only Humanizer.Core (English resources) restores here, so without this
/// formatter "20 minutes" and "3 days ago" would leak into a Dutch UI. Registered for "nl", which Humanizer
/// also uses for nl-BE and nl-NL through the parent culture.
/// </summary>
public sealed class DutchHumanizerFormatter : IFormatter
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl");

    public string DateHumanize_Now() => "nu";

    public string DateHumanize_Never() => "nooit";

    public string DateHumanize(TimeUnit timeUnit, Tense timeUnitTense, int unit)
    {
        // Humanizer asks for "0 milliseconds" when two moments coincide; like its own formatter, say "now".
        if (unit == 0)
        {
            return DateHumanize_Now();
        }

        if (timeUnit == TimeUnit.Day && unit == 1)
        {
            return timeUnitTense == Tense.Past ? "gisteren" : "morgen";
        }

        var amount = unit == 1 ? One(timeUnit) : $"{unit} {Plural(timeUnit)}";
        return timeUnitTense == Tense.Past ? $"{amount} geleden" : $"over {amount}";
    }

    public string TimeSpanHumanize_Zero() => "geen tijd";

    public string TimeSpanHumanize(TimeUnit timeUnit, int unit, bool toWords = false)
    {
        var number = toWords ? unit.ToWords(Dutch) : unit.ToString(Dutch);
        return $"{number} {(unit == 1 ? Singular(timeUnit) : Plural(timeUnit))}";
    }

    public string DataUnitHumanize(DataUnit dataUnit, double count, bool toSymbol = true)
    {
        var symbol = dataUnit switch
        {
            DataUnit.Bit => "b",
            DataUnit.Byte => "B",
            DataUnit.Kilobyte => "KB",
            DataUnit.Megabyte => "MB",
            DataUnit.Gigabyte => "GB",
            DataUnit.Terabyte => "TB",
            _ => dataUnit.ToString(),
        };
        if (toSymbol)
        {
            return symbol;
        }

        var name = dataUnit.ToString().ToLowerInvariant();
        return count == 1 || dataUnit == DataUnit.Bit ? name : name + "s";
    }

    public string TimeUnitHumanize(TimeUnit timeUnit) => Singular(timeUnit);

    private static string One(TimeUnit unit) => unit switch
    {
        TimeUnit.Millisecond => "een milliseconde",
        TimeUnit.Second => "een seconde",
        TimeUnit.Minute => "een minuut",
        TimeUnit.Hour => "een uur",
        TimeUnit.Day => "een dag",
        TimeUnit.Week => "een week",
        TimeUnit.Month => "een maand",
        _ => "een jaar",
    };

    private static string Singular(TimeUnit unit) => unit switch
    {
        TimeUnit.Millisecond => "milliseconde",
        TimeUnit.Second => "seconde",
        TimeUnit.Minute => "minuut",
        TimeUnit.Hour => "uur",
        TimeUnit.Day => "dag",
        TimeUnit.Week => "week",
        TimeUnit.Month => "maand",
        _ => "jaar",
    };

    // "uur" and "jaar" do not take a plural after a number in Dutch ("3 uur", "2 jaar").
    private static string Plural(TimeUnit unit) => unit switch
    {
        TimeUnit.Millisecond => "milliseconden",
        TimeUnit.Second => "seconden",
        TimeUnit.Minute => "minuten",
        TimeUnit.Hour => "uur",
        TimeUnit.Day => "dagen",
        TimeUnit.Week => "weken",
        TimeUnit.Month => "maanden",
        _ => "jaar",
    };
}
