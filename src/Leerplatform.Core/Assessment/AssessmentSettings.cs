using Leerplatform.Core.Content;

namespace Leerplatform.Core.Assessment;

/// <summary>The <c>toets:</c> block of a page's front matter, before the questions are known.</summary>
public sealed record QuizSpec(
    string? Id,
    string? Title,
    FeedbackMode Feedback,
    int TriesPerQuestion,
    bool CertaintyBasedMarking,
    int? PassPercent,
    int? MaxAttempts,
    bool Shuffle,
    int? Draw,
    SourceLocation Location,
    SourceLocation? DrawLocation,
    SourceLocation? PassLocation);

/// <summary>The <c>scenario:</c> block of a page's front matter.</summary>
public sealed record ScenarioSpec(string? Id, string? Title, string? Start, bool AskCertainty, IReadOnlyList<ScoreBand> Bands, SourceLocation Location);

/// <summary>What a page's front matter says about the quiz or case on it, plus module-wide defaults.</summary>
public sealed record PageAssessmentSettings(
    QuizSpec? Quiz,
    ScenarioSpec? Scenario,
    int? ModulePassPercent,
    IReadOnlyList<string> ModuleCompetences,
    IReadOnlySet<string> KnownCompetences);

/// <summary>Reads the <c>toets:</c> and <c>scenario:</c> front matter blocks (Dutch keys, documented in content/README.md).</summary>
public static class AssessmentSettingsReader
{
    public static readonly string[] QuizKeys =
        ["id", "titel", "feedback", "pogingen-per-vraag", "zekerheid", "slaaggrens", "pogingen", "schudden", "trekken"];

    public static readonly string[] ScenarioKeys = ["id", "titel", "start", "zekerheid", "banden"];

    public static QuizSpec? ReadQuiz(YamlMap? page)
    {
        if (page?.GetMap("toets") is not { } map)
        {
            return null;
        }

        map.WarnUnknownKeys(QuizKeys);
        var feedbackText = map.GetString("feedback", required: false) ?? "direct";
        FeedbackMode? feedback = feedbackText.ToLowerInvariant() switch
        {
            "direct" => FeedbackMode.Immediate,
            "achteraf" => FeedbackMode.Deferred,
            "interactief" => FeedbackMode.Interactive,
            _ => null,
        };
        if (feedback is null)
        {
            map.ErrorAt(map.GetNode("feedback")!, $"onbekende feedback '{feedbackText}'; kies direct, achteraf of interactief");
        }

        var (line, column) = map.Start;
        return new QuizSpec(
            Id: map.GetString("id", required: false),
            Title: map.GetString("titel", required: false, maxLength: 120),
            Feedback: feedback ?? FeedbackMode.Immediate,
            TriesPerQuestion: map.GetInt("pogingen-per-vraag", required: false, min: 1, max: 10) ?? (feedback == FeedbackMode.Interactive ? 3 : 1),
            CertaintyBasedMarking: map.GetBool("zekerheid", fallback: false),
            PassPercent: map.GetInt("slaaggrens", required: false, min: 0, max: 100),
            MaxAttempts: map.GetInt("pogingen", required: false, min: 1, max: 100),
            Shuffle: map.GetBool("schudden", fallback: false),
            Draw: map.GetInt("trekken", required: false, min: 1, max: 500),
            Location: new SourceLocation(map.RelPath, line, column),
            DrawLocation: Position(map, "trekken"),
            PassLocation: Position(map, "slaaggrens"));
    }

    public static ScenarioSpec? ReadScenario(YamlMap? page)
    {
        if (page?.GetMap("scenario") is not { } map)
        {
            return null;
        }

        map.WarnUnknownKeys(ScenarioKeys);
        var bands = new List<ScoreBand>();
        if (map.GetMap("banden") is { } bandMap)
        {
            bandMap.WarnUnknownKeys(["goed", "voldoende", "zwak"]);
            foreach (var (key, outcome) in new[] { ("goed", Outcome.Good), ("voldoende", Outcome.Acceptable), ("zwak", Outcome.Poor) })
            {
                if (bandMap.GetInt(key, required: false, min: -1000, max: 1000) is { } minimum)
                {
                    bands.Add(new ScoreBand(outcome, minimum));
                }
            }
        }

        var (line, column) = map.Start;
        return new ScenarioSpec(
            Id: map.GetString("id", required: false),
            Title: map.GetString("titel", required: false, maxLength: 120),
            Start: map.GetString("start", required: false),
            AskCertainty: map.GetBool("zekerheid", fallback: false),
            Bands: bands.OrderByDescending(b => b.MinimumTotal).ToList(),
            Location: new SourceLocation(map.RelPath, line, column));
    }

    private static SourceLocation? Position(YamlMap map, string key)
    {
        if (!map.Has(key))
        {
            return null;
        }

        var (line, column) = map.PositionOf(key);
        return new SourceLocation(map.RelPath, line, column);
    }
}
