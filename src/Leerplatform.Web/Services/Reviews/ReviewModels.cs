using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;

namespace Leerplatform.Web.Services.Reviews;

/// <summary>Which part of the queue a trainer looks at.</summary>
public enum ReviewFilter
{
    /// <summary>Not reviewed yet (oldest first).</summary>
    Open,

    /// <summary>Reviewed at least once (most recently reviewed first).</summary>
    Reviewed,
}

/// <summary>What a learner wrote that a trainer can review: a reflection or the reason for a case decision.</summary>
public enum ReviewItemKind
{
    Reflection,
    Decision,
}

/// <summary>One feedback row as trainer and learner see it.</summary>
public sealed record FeedbackView(long Id, string TrainerName, string Comment, string? Competence, ProficiencyLevel? Level, DateTime CreatedAtUtc, DateTime? SeenAtUtc);

/// <summary>
/// One item of the review queue, resolved against the content: the question or case situation, the learner's text,
/// and the competences of the module a trainer may rate.
/// </summary>
public sealed record ReviewItem(
    long ResponseId,
    string LearnerName,
    ReviewItemKind Kind,
    string ModuleId,
    string ModuleTitle,
    string? PageUrl,
    string ItemText,
    string? ChoiceText,
    string Answer,
    int? Certainty,
    DateTime AtUtc,
    FeedbackView? Latest,
    int ReviewCount,
    IReadOnlyList<Competence> Competences);

/// <summary>A piece of feedback for the learner, with what it was about.</summary>
public sealed record MyFeedbackItem(FeedbackView Feedback, string? CompetenceName, ReviewItemKind Kind, string ModuleTitle, string? PageUrl, string ItemText, string Answer);

/// <summary>A refused review; <see cref="Code"/> names the resource <c>Review_Error_{Code}</c>.</summary>
public sealed class ReviewException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
