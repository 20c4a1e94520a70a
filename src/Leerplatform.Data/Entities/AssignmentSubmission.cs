namespace Leerplatform.Data.Entities;

/// <summary>
/// A learner's hand-in of one assignment of a learning path. Append-only: handing in again adds a row and the
/// newest counts; rows are never updated or deleted.
/// </summary>
public sealed class AssignmentSubmission
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    /// <summary>The learning path's id (content: leerlijn.md <c>id</c>).</summary>
    public string PathId { get; set; } = string.Empty;

    /// <summary>The assignment's slug (file <c>opdracht-&lt;slug&gt;.md</c>).</summary>
    public string AssignmentSlug { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public DateTime SubmittedAtUtc { get; set; }
}
