using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Leerplatform.Core.Assessment;

/// <summary>The question types trainers can write (Dutch keyword in brackets).</summary>
public enum QuestionType
{
    /// <summary>One correct option ("enkelvoudig").</summary>
    SingleChoice,

    /// <summary>Any number of correct options ("meervoudig").</summary>
    MultipleResponse,

    /// <summary>A statement that is right or wrong ("juist-onjuist").</summary>
    TrueFalse,

    /// <summary>Put items in the right order ("volgorde").</summary>
    Ordering,

    /// <summary>Match each item on the left with one on the right ("koppelen").</summary>
    Matching,

    /// <summary>Self-rating on a scale; recorded, never marked ("likert").</summary>
    Likert,

    /// <summary>Open reflection for trainer review, optionally with certainty ("reflectie").</summary>
    Reflection,
}

/// <summary>When a learner sees feedback (Moodle's question behaviours).</summary>
public enum FeedbackMode
{
    /// <summary>After checking each question, one try ("direct").</summary>
    Immediate,

    /// <summary>Only after the whole quiz is handed in ("achteraf").</summary>
    Deferred,

    /// <summary>After each check, with several tries and hints ("interactief").</summary>
    Interactive,
}

/// <summary>When a module counts as mastered (cmi5's moveOn, front matter <c>beheersing</c>).</summary>
public enum MasteryRule
{
    Completed,
    Passed,
    CompletedAndPassed,
}

/// <summary>A quiz on one page: settings from the page's <c>toets:</c> front matter plus its questions.</summary>
public sealed record Quiz(QuizSettings Settings, IReadOnlyList<Question> Questions)
{
    public Question? FindQuestion(string id) => Questions.FirstOrDefault(q => q.Id == id);

    /// <summary>Questions that earn points (Likert and reflection do not).</summary>
    public IEnumerable<Question> Graded => Questions.Where(q => q.IsGraded);
}

/// <param name="Id">Stable id (used in xAPI activity IRIs).</param>
/// <param name="Title">Shown above the quiz.</param>
/// <param name="Feedback">Feedback mode.</param>
/// <param name="TriesPerQuestion">Tries per question in interactive mode.</param>
/// <param name="CertaintyBasedMarking">Ask certainty 1–3 on choice items and score with Moodle's CBM table.</param>
/// <param name="PassPercent">Pass mark in percent of the maximum score; null = the quiz is not graded pass/fail.</param>
/// <param name="MaxAttempts">Attempts allowed; null = unlimited.</param>
/// <param name="Shuffle">Shuffle question and option order per attempt (seeded, so a resumed attempt keeps its order).</param>
/// <param name="Draw">Draw this many questions from the pool per attempt; null = all.</param>
public sealed record QuizSettings(
    string Id,
    string? Title,
    FeedbackMode Feedback,
    int TriesPerQuestion,
    bool CertaintyBasedMarking,
    int? PassPercent,
    int? MaxAttempts,
    bool Shuffle,
    int? Draw);

/// <summary>One question, already rendered to HTML.</summary>
public sealed record Question(
    string Id,
    QuestionType Type,
    string PromptHtml,
    string PromptText,
    IReadOnlyList<QuestionOption> Options,
    IReadOnlyList<string> HintsHtml,
    string? ExplanationHtml,
    IReadOnlyList<string> Competences,
    int Weight,
    bool AskCertainty,
    IReadOnlyList<string> ScaleLabels,
    SourceLocation Location)
{
    /// <summary>Likert and reflection are recorded, never marked right or wrong.</summary>
    public bool IsGraded => Type is not (QuestionType.Likert or QuestionType.Reflection);

    /// <summary>Certainty-based marking applies to items with one right answer set.</summary>
    public bool IsChoice => Type is QuestionType.SingleChoice or QuestionType.MultipleResponse or QuestionType.TrueFalse;

    public QuestionOption? FindOption(string id) => Options.FirstOrDefault(o => o.Id == id);
}

/// <summary>
/// An option of a choice question, an item to order (in correct order), or the left side of a pair to match
/// (<see cref="MatchText"/> holds the right side).
/// </summary>
public sealed record QuestionOption(
    string Id,
    string Html,
    string Text,
    bool Correct,
    string? FeedbackHtml,
    string? MatchText,
    SourceLocation Location);

/// <summary>Where something was written, for lint messages.</summary>
public sealed record SourceLocation(string Path, int Line, int Column);

/// <summary>A branching case on one page.</summary>
public sealed record Scenario(
    string Id,
    string? Title,
    string StartNodeId,
    bool AskCertainty,
    IReadOnlyList<ScoreBand> Bands,
    IReadOnlyList<ScenarioNode> Nodes,
    SourceLocation Location)
{
    public ScenarioNode? FindNode(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>The regions some node is written for ("nl", "vl"); empty for a case that is the same everywhere.</summary>
    public IReadOnlyList<string> Regions { get; } = Nodes.Select(n => n.Region).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Finds a choice by id in any version of a node (ids of regional versions carry the region).</summary>
    public Choice? FindChoice(string nodeId, string choiceId) =>
        Nodes.Where(n => n.Id == nodeId).SelectMany(n => n.Choices).FirstOrDefault(c => c.Id == choiceId);

    /// <summary>The version of a node that holds the choice (regional versions share the node id).</summary>
    public ScenarioNode? FindNodeOfChoice(string nodeId, string choiceId) =>
        Nodes.FirstOrDefault(n => n.Id == nodeId && n.Choices.Any(c => c.Id == choiceId)) ?? FindNode(nodeId);

    /// <summary>
    /// The case as a learner in <paramref name="region"/> plays it: shared nodes plus that region's versions,
    /// choices limited to another region left out. Without regional nodes the case itself. A learner without a
    /// region gets the first region's version, so a case can always be played.
    /// </summary>
    public Scenario ForRegion(string? region) =>
        // Built once per case and region: a case page asks for its regional view several times per render and per
        // decision (issue 8). Kept beside the record, not in it, so record equality stays what it was.
        RegionalViews.GetValue(this, static _ => new ConcurrentDictionary<string, Scenario>(StringComparer.Ordinal))
            .GetOrAdd(region ?? string.Empty, static (key, self) => self.BuildForRegion(key.Length == 0 ? null : key), this);

    private static readonly ConditionalWeakTable<Scenario, ConcurrentDictionary<string, Scenario>> RegionalViews = new();

    private Scenario BuildForRegion(string? region)
    {
        if (Regions.Count == 0 && !Nodes.Any(n => n.Choices.Any(c => RegionCondition.Mentions(c.Condition))))
        {
            return this;
        }

        var chosen = region ?? Regions.FirstOrDefault() ?? RegionCondition.Flanders;
        var nodes = Nodes.Where(n => n.Region is null || n.Region == chosen)
            .Select(n => n with
            {
                Choices = n.Choices.Select(c => RegionCondition.Resolve(c, chosen)).OfType<Choice>().ToList(),
                Routes = n.Routes.Where(r => RegionCondition.Allows(r.Condition, chosen)).ToList(),
            })
            .ToList();
        return this with { Nodes = nodes, Region = chosen };
    }

    /// <summary>The region this view of the case was made for (<see cref="ForRegion"/>); null for the whole case.</summary>
    public string? Region { get; init; }
}

/// <summary>For endings with outcome "score": the outcome when the total score is at least <see cref="MinimumTotal"/>.</summary>
public sealed record ScoreBand(Outcome Outcome, int MinimumTotal);

/// <summary>How a case ended.</summary>
public enum Outcome
{
    Good,
    Acceptable,
    Poor,
}

/// <summary>A situation in a case, with the choices a learner can make (or, for an ending, its debrief).</summary>
public sealed record ScenarioNode(
    string Id,
    string Html,
    IReadOnlyList<Choice> Choices,
    IReadOnlyList<AutoRoute> Routes,
    bool IsEnding,
    Outcome? FixedOutcome,
    bool OutcomeByScore,
    SourceLocation Location)
{
    /// <summary>"vl" or "nl" for a node written for one region (<c>::: knoop tolk vl</c>); null when shared.</summary>
    public string? Region { get; init; }
}

/// <summary>A decision: where it leads, what it teaches and which competences it moves.</summary>
public sealed record Choice(
    string Id,
    string Html,
    string Text,
    string TargetNodeId,
    string? FeedbackHtml,
    IReadOnlyList<CompetenceDelta> Deltas,
    Condition? Condition,
    SourceLocation Location);

/// <summary>Moves the learner on without a choice when the condition holds (first matching route wins).</summary>
public sealed record AutoRoute(string TargetNodeId, Condition Condition, SourceLocation Location);

/// <summary>A change of score on one competence caused by one decision.</summary>
public sealed record CompetenceDelta(string Code, int Delta);
