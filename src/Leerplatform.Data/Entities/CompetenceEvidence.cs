namespace Leerplatform.Data.Entities;

/// <summary>
/// One piece of evidence about one competence of one learner. Append-only: never edited or deleted. A new
/// trainer rating points at the one it supersedes; the history stays as an audit log.
/// </summary>
public sealed class CompetenceEvidence
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string Competence { get; set; } = string.Empty;

    /// <summary>knowledge, decision, self or trainer.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>−2…+2 for measured evidence; 0 for ratings.</summary>
    public int Score { get; set; }

    /// <summary>0–3 for self- and trainer ratings (none, basis, vaardig, voortrekker).</summary>
    public int? Level { get; set; }

    public string ModuleId { get; set; } = string.Empty;

    /// <summary>Quiz or case id ("trainer" for trainer ratings).</summary>
    public string ActivityId { get; set; } = string.Empty;

    /// <summary>Page of the activity, to link back to it.</summary>
    public string PageId { get; set; } = string.Empty;

    /// <summary>Attempt or run (empty for trainer ratings).</summary>
    public Guid? AttemptId { get; set; }

    /// <summary>Question id or case node id.</summary>
    public string ItemId { get; set; } = string.Empty;

    /// <summary>The choice taken, for case decisions.</summary>
    public string? ChoiceId { get; set; }

    /// <summary>The response log entry this evidence came from.</summary>
    public long? ResponseId { get; set; }

    /// <summary>For trainer ratings: who rated, and why.</summary>
    public string? RaterUserId { get; set; }

    public string? Reason { get; set; }

    /// <summary>An earlier rating this one replaces (the earlier one stays).</summary>
    public long? SupersedesId { get; set; }

    public DateTime AtUtc { get; set; }
}

/// <summary>
/// The incremental state of the proficiency rule per learner and competence (the rule's window and latest
/// ratings, as JSON). Derived data: it can always be rebuilt from the evidence log.
/// </summary>
public sealed class CompetenceSummary
{
    public string UserId { get; set; } = string.Empty;

    public string Competence { get; set; } = string.Empty;

    public string StateJson { get; set; } = "{}";

    /// <summary>Id of the last evidence applied.</summary>
    public long LastEvidenceId { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
