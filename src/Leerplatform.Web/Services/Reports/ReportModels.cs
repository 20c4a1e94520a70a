using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Core.Reports;

namespace Leerplatform.Web.Services.Reports;

/// <summary>What a report covers: one module or all, and optionally a period (inclusive dates, UTC).</summary>
public sealed record ReportFilter(string? ModuleId, DateOnly? From, DateOnly? To)
{
    public DateTime? FromUtc => From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Exclusive end: the day after <see cref="To"/>.</summary>
    public DateTime? ToUtc => To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

public enum ProgressStatus
{
    NotStarted,
    InProgress,
    Completed,
    Passed,
}

/// <summary>One member × module.</summary>
public sealed record ProgressRow(string UserId, string Name, string Email, string ModuleId, string ModuleTitle, ProgressStatus Status,
    DateTime? StartedAtUtc, DateTime? CompletedAtUtc, DateTime? PassedAtUtc);

public sealed record ModuleCounts(string ModuleId, string ModuleTitle, int NotStarted, int InProgress, int Completed, int Passed);

public sealed record ProgressReport(IReadOnlyList<ProgressRow> Rows, IReadOnlyList<ModuleCounts> Summary);

/// <summary>One member's current level on each competence of <see cref="CompetenceGrid.Competences"/>, in that order.</summary>
public sealed record CompetenceGridRow(string UserId, string Name, string Email, IReadOnlyList<ProficiencyLevel> Levels);

public sealed record CompetenceGrid(IReadOnlyList<Competence> Competences, IReadOnlyList<CompetenceGridRow> Rows);

/// <summary>The statistics of one question of one quiz.</summary>
public sealed record ItemRow(string ModuleId, string QuizId, string QuizTitle, string QuestionId, string Prompt, double MaxPoints, ItemStatistics Statistics);

public sealed record ItemReport(IReadOnlyList<ItemRow> Items, int AnalysedAttempts);

/// <summary>One choice at one decision point: how many learners took it (their first decision there) and which share.</summary>
public sealed record DecisionRow(string ModuleId, string ScenarioId, string ScenarioTitle, string NodeId, string ChoiceId, string ChoiceText, int Learners, int NodeLearners)
{
    public double? SharePercent => NodeLearners == 0 ? null : 100.0 * Learners / NodeLearners;
}

/// <summary>A query value the reports cannot use; the message is the reason given with the 400.</summary>
public sealed class ReportQueryException(string message) : Exception(message);
