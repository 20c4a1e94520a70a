using System.Globalization;
using System.Text;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Reports;
using Leerplatform.Web.Services.Xapi;

namespace Leerplatform.Web.Services.Reports;

/// <summary>
/// The reports as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the accents), Dutch or English
/// headers. Values are language-neutral codes and ISO 8601 dates, so files from both languages compare equal.
/// Quoting and formula defusing are <see cref="XapiExport.Csv"/>'s.
/// </summary>
public static class ReportCsv
{
    public static readonly IReadOnlyDictionary<string, string[]> ProgressHeaders = new Dictionary<string, string[]>
    {
        ["nl"] = ["Naam", "E-mail", "Module-id", "Module", "Status", "Gestart op", "Voltooid op", "Geslaagd op"],
        ["en"] = ["Name", "Email", "Module id", "Module", "Status", "Started at", "Completed at", "Passed at"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> SummaryHeaders = new Dictionary<string, string[]>
    {
        ["nl"] = ["Module-id", "Module", "Niet gestart", "Bezig", "Voltooid", "Geslaagd"],
        ["en"] = ["Module id", "Module", "Not started", "In progress", "Completed", "Passed"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> CompetenceHeaders = new Dictionary<string, string[]>
    {
        ["nl"] = ["Naam", "E-mail"],
        ["en"] = ["Name", "Email"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> ItemHeaders = new Dictionary<string, string[]>
    {
        ["nl"] = ["Module-id", "Toets-id", "Toets", "Vraag-id", "Vraag", "Pogingen", "Gemiddelde score", "Maximum", "Facility-index (%)", "Discriminatie-index", "Signalen"],
        ["en"] = ["Module id", "Quiz id", "Quiz", "Question id", "Question", "Attempts", "Mean score", "Maximum", "Facility index (%)", "Discrimination index", "Flags"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> DecisionHeaders = new Dictionary<string, string[]>
    {
        ["nl"] = ["Module-id", "Casus-id", "Casus", "Knoop", "Keuze-id", "Keuze", "Lerenden", "Aandeel (%)"],
        ["en"] = ["Module id", "Case id", "Case", "Node", "Choice id", "Choice", "Learners", "Share (%)"],
    };

    public static Task WriteAsync(Stream output, ProgressReport report, string language, CancellationToken cancellationToken) =>
        WriteAsync(output, ProgressHeaders[language], report.Rows.Select(r => new[]
        {
            r.Name, r.Email, r.ModuleId, r.ModuleTitle, StatusCode(r.Status), Iso(r.StartedAtUtc), Iso(r.CompletedAtUtc), Iso(r.PassedAtUtc),
        }), cancellationToken);

    public static Task WriteSummaryAsync(Stream output, ProgressReport report, string language, CancellationToken cancellationToken) =>
        WriteAsync(output, SummaryHeaders[language], report.Summary.Select(s => new[]
        {
            s.ModuleId, s.ModuleTitle, Number(s.NotStarted), Number(s.InProgress), Number(s.Completed), Number(s.Passed),
        }), cancellationToken);

    public static Task WriteAsync(Stream output, CompetenceGrid grid, string language, CancellationToken cancellationToken) =>
        WriteAsync(output, [.. CompetenceHeaders[language], .. grid.Competences.Select(c => $"{c.Code} {c.Name}")],
            grid.Rows.Select(r => (string[])[r.Name, r.Email, .. r.Levels.Select(LevelCode)]), cancellationToken);

    public static Task WriteAsync(Stream output, ItemReport report, string language, CancellationToken cancellationToken) =>
        WriteAsync(output, ItemHeaders[language], report.Items.Select(i => new[]
        {
            i.ModuleId, i.QuizId, i.QuizTitle, i.QuestionId, i.Prompt, Number(i.Statistics.Attempts),
            Decimal(i.Statistics.Attempts == 0 ? null : i.Statistics.MeanScore), Decimal(i.MaxPoints),
            Decimal(i.Statistics.FacilityPercent), Decimal(i.Statistics.Discrimination), string.Join(' ', i.Statistics.Flags.Select(FlagCode)),
        }), cancellationToken);

    public static Task WriteAsync(Stream output, IReadOnlyList<DecisionRow> rows, string language, CancellationToken cancellationToken) =>
        WriteAsync(output, DecisionHeaders[language], rows.Select(r => new[]
        {
            r.ModuleId, r.ScenarioId, r.ScenarioTitle, r.NodeId, r.ChoiceId, r.ChoiceText, Number(r.Learners), Decimal(r.SharePercent),
        }), cancellationToken);

    public static string StatusCode(ProgressStatus status) => status switch
    {
        ProgressStatus.NotStarted => "not-started",
        ProgressStatus.InProgress => "in-progress",
        ProgressStatus.Completed => "completed",
        _ => "passed",
    };

    public static string LevelCode(ProficiencyLevel level) => level == ProficiencyLevel.None ? "none" : level.ToString().ToLowerInvariant();

    public static string FlagCode(ItemFlag flag) => flag switch
    {
        ItemFlag.TooHard => "too-hard",
        ItemFlag.TooEasy => "too-easy",
        ItemFlag.WeakDiscrimination => "weak-discrimination",
        ItemFlag.NegativeDiscrimination => "negative-discrimination",
        _ => string.Empty,
    };

    private static async Task WriteAsync(Stream output, IEnumerable<string> header, IEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(XapiExport.Csv(header));
        foreach (var row in rows)
        {
            await writer.WriteAsync(XapiExport.Csv(row));
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string Iso(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty;
}
