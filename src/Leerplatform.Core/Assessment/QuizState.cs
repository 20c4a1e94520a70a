namespace Leerplatform.Core.Assessment;

/// <summary>
/// Everything about one attempt at a quiz, serialised to the database after every answer, so a reload, a lost
/// connection or a server restart resumes at exactly the same point (same questions, order and tries).
/// </summary>
public sealed record QuizAttemptState(
    string QuizId,
    int AttemptNumber,
    long Seed,
    IReadOnlyList<string> QuestionOrder,
    IReadOnlyDictionary<string, IReadOnlyList<string>> OptionOrder,
    IReadOnlyDictionary<string, IReadOnlyList<string>> MatchOrder,
    IReadOnlyDictionary<string, ItemState> Items,
    bool Submitted)
{
    public ItemState Item(string questionId) => Items.GetValueOrDefault(questionId) ?? ItemState.Empty;
}

/// <summary>One question within an attempt.</summary>
/// <param name="Response">The learner's latest answer.</param>
/// <param name="TriesUsed">Checks used (interactive mode allows several).</param>
/// <param name="Finished">No further changes: checked (immediate), right or out of tries (interactive), or handed in.</param>
/// <param name="FeedbackShown">Whether the learner may now see feedback for this item.</param>
/// <param name="Points">Points earned (after penalties or certainty-based marking).</param>
/// <param name="MaxPoints">Points available for this item.</param>
/// <param name="Correct">Fully right; null for items that are not marked.</param>
public sealed record ItemState(
    ItemResponse? Response,
    int TriesUsed,
    bool Finished,
    bool FeedbackShown,
    double Points,
    double MaxPoints,
    bool? Correct)
{
    public static readonly ItemState Empty = new(null, 0, false, false, 0, 0, null);
}

/// <summary>
/// An answer. <see cref="Selected"/> holds option ids (choice), ids in the learner's order (ordering),
/// "left:right" id pairs (matching) or the scale value (Likert); <see cref="Text"/> a reflection.
/// </summary>
public sealed record ItemResponse(IReadOnlyList<string> Selected, string? Text = null, int? Certainty = null);

/// <summary>The outcome of an attempt.</summary>
public sealed record QuizResult(double Points, double MaxPoints, double Percent, bool? Passed, int Answered, int Total);

/// <summary>
/// Why an action on an attempt was refused. <see cref="Code"/> names the reason so the UI can say it in the
/// learner's language (resource "Assessment_{Code}"); the message is the Dutch text for logs and APIs.
/// </summary>
public sealed class AssessmentException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
