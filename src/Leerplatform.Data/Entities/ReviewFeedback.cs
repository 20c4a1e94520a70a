namespace Leerplatform.Data.Entities;

/// <summary>
/// A trainer's comment on one logged answer or decision (<see cref="LearnerResponse"/>), optionally with a rating.
/// Append-only like the log it points at: a second review adds a row (the newest is shown); only
/// <see cref="SeenAtUtc"/> changes, when the learner has read it.
/// </summary>
public sealed class ReviewFeedback
{
    public long Id { get; set; }

    /// <summary>The organisation in whose review queue the trainer wrote it.</summary>
    public string OrganisationId { get; set; } = string.Empty;

    public long ResponseId { get; set; }

    public string LearnerUserId { get; set; } = string.Empty;

    public string TrainerUserId { get; set; } = string.Empty;

    public string Comment { get; set; } = string.Empty;

    /// <summary>The competence rated with this review, if any.</summary>
    public string? Competence { get; set; }

    /// <summary>0–3 (geen, basis, vaardig, voortrekker) when rated.</summary>
    public int? Level { get; set; }

    /// <summary>The trainer-rating evidence this review wrote.</summary>
    public long? EvidenceId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? SeenAtUtc { get; set; }
}
