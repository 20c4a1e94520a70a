namespace Leerplatform.Data.Entities;

/// <summary>
/// One attempt at a quiz. The whole attempt state (drawn questions, order, answers, tries) is kept as JSON and
/// rewritten after every answer, so an attempt resumes exactly after a reload or a server restart.
/// </summary>
public sealed class QuizAttempt
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string UserId { get; set; } = string.Empty;

    public string ModuleId { get; set; } = string.Empty;

    /// <summary>The module version the attempt started on; the attempt keeps it.</summary>
    public string ModuleVersion { get; set; } = string.Empty;

    public string PageId { get; set; } = string.Empty;

    public string QuizId { get; set; } = string.Empty;

    public int AttemptNumber { get; set; }

    public string StateJson { get; set; } = "{}";

    public DateTime StartedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? SubmittedAtUtc { get; set; }

    public double? Percent { get; set; }

    public bool? Passed { get; set; }

    /// <summary>Optimistic concurrency: two tabs answering at once cannot overwrite each other's answers.</summary>
    public int Revision { get; set; }
}

/// <summary>One play-through of a branching case; state as JSON, rewritten after every decision.</summary>
public sealed class ScenarioRun
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string UserId { get; set; } = string.Empty;

    public string ModuleId { get; set; } = string.Empty;

    public string ModuleVersion { get; set; } = string.Empty;

    public string PageId { get; set; } = string.Empty;

    public string ScenarioId { get; set; } = string.Empty;

    public int RunNumber { get; set; }

    public string StateJson { get; set; } = "{}";

    public DateTime StartedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>good, acceptable or poor once finished.</summary>
    public string? Outcome { get; set; }

    public int Revision { get; set; }
}

/// <summary>
/// The append-only log of everything a learner answered or decided, written in the same transaction as the
/// attempt or run it belongs to. Never updated or deleted: it is the evidence later features build on.
/// </summary>
public sealed class LearnerResponse
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string ModuleId { get; set; } = string.Empty;

    /// <summary>The quiz or case id.</summary>
    public string ActivityId { get; set; } = string.Empty;

    /// <summary>The attempt or run.</summary>
    public Guid AttemptId { get; set; }

    /// <summary>answer, submit, decision or ending.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Question id or node id.</summary>
    public string ItemId { get; set; } = string.Empty;

    public string ResponseJson { get; set; } = "{}";

    public bool? Correct { get; set; }

    public double? Points { get; set; }

    public double? MaxPoints { get; set; }

    public DateTime AtUtc { get; set; }
}
