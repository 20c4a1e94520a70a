namespace Leerplatform.Core.Competency;

/// <summary>Where evidence comes from; measured kinds count towards a level, self-ratings never do.</summary>
public enum EvidenceKind
{
    /// <summary>A marked quiz answer: knowledge.</summary>
    Knowledge,

    /// <summary>A decision in a case: knowledge applied in a situation.</summary>
    Decision,

    /// <summary>The learner's own rating (Likert); shown beside the level, never raises it.</summary>
    SelfRating,

    /// <summary>A trainer's rating with a reason.</summary>
    TrainerRating,
}

/// <summary>The three levels of the framework (Basis, Vaardig, Voortrekker), and "not yet".</summary>
public enum ProficiencyLevel
{
    None = 0,
    Basis = 1,
    Vaardig = 2,
    Voortrekker = 3,
}

/// <summary>How much the level can be trusted, from how much, how varied and how recent the evidence is.</summary>
public enum Confidence
{
    None,
    Low,
    Medium,
    High,
}

/// <summary>
/// One piece of evidence as the rule sees it. <see cref="Score"/> is −2…+2 for measured evidence (a right quiz
/// answer +1, a wrong one −1, a case decision its score change clamped to ±2); <see cref="Level"/> is set for
/// self- and trainer ratings. <see cref="Sequence"/> orders evidence (the database id): the rule is applied in
/// that order on both the incremental and the full path.
/// </summary>
public sealed record EvidenceItem(long Sequence, string Competence, EvidenceKind Kind, int Score, ProficiencyLevel? Level, string ActivityId, DateTime AtUtc);

/// <summary>A measured item kept in a competence's window.</summary>
public sealed record WindowItem(long Sequence, EvidenceKind Kind, int Score, string ActivityId, DateTime AtUtc);

/// <summary>
/// What the rule remembers per learner and competence: the most recent measured evidence and the latest
/// self- and trainer rating. Small, serialisable, and updated in the same transaction as each answer.
/// </summary>
public sealed record CompetenceState(
    IReadOnlyList<WindowItem> Window,
    ProficiencyLevel? SelfLevel,
    DateTime? SelfAtUtc,
    ProficiencyLevel? TrainerLevel,
    DateTime? TrainerAtUtc)
{
    public static readonly CompetenceState Empty = new([], null, null, null, null);
}

/// <summary>The outcome of the rule for one competence at a moment in time.</summary>
public sealed record CompetenceStanding(
    string Competence,
    ProficiencyLevel Level,
    ProficiencyLevel MeasuredLevel,
    Confidence Confidence,
    ProficiencyLevel? SelfLevel,
    ProficiencyLevel? TrainerLevel,
    int MeasuredCount,
    int MeasuredSum,
    int DecisionCount,
    int DecisionSum,
    int Activities,
    DateTime? LastEvidenceUtc);

/// <summary>
/// The proficiency rule (explained for learners on /help/competenties, with the same worked examples as the tests):
/// <list type="number">
/// <item>Only the last <see cref="WindowSize"/> measured items per competence count, and none older than
/// <see cref="ExpiryDays"/> days: recent behaviour decides.</item>
/// <item><b>Basis</b>: at least 3 items, averaging at least +0.5.</item>
/// <item><b>Vaardig</b>: Basis, and at least 3 case decisions averaging at least +1, from at least 2 different cases:
/// applying it in situations, not only knowing it.</item>
/// <item><b>Voortrekker</b>: only through a trainer's rating, because leading colleagues cannot be shown in a self-paced module.</item>
/// <item>A trainer's latest rating can raise the level to the rated level; a self-rating never changes it.</item>
/// <item>Confidence: low under 4 items or from a single activity; high from 8 items over 3 or more activities with
/// the newest at most <see cref="RecentDays"/> days old; otherwise medium.</item>
/// </list>
/// All arithmetic is on integers, so the incremental and the full computation agree exactly.
/// </summary>
public static class ProficiencyRule
{
    public const int WindowSize = 12;
    public const int ExpiryDays = 730;
    public const int RecentDays = 180;

    /// <summary>Adds one piece of evidence (the incremental path).</summary>
    public static CompetenceState Apply(CompetenceState state, EvidenceItem evidence) => evidence.Kind switch
    {
        EvidenceKind.SelfRating => state with { SelfLevel = evidence.Level, SelfAtUtc = evidence.AtUtc },
        EvidenceKind.TrainerRating => state with { TrainerLevel = evidence.Level, TrainerAtUtc = evidence.AtUtc },
        _ => state with
        {
            Window = state.Window
                .Append(new WindowItem(evidence.Sequence, evidence.Kind, Math.Clamp(evidence.Score, -2, 2), evidence.ActivityId, evidence.AtUtc))
                .TakeLast(WindowSize)
                .ToList(),
        },
    };

    /// <summary>
    /// Builds the state from the whole evidence log (the full path). Equal by construction to applying the items
    /// one by one in sequence order (a property test checks it), but it only materialises what the state keeps:
    /// the last measured items and the latest ratings.
    /// </summary>
    public static CompetenceState Fold(IEnumerable<EvidenceItem> evidence)
    {
        var ordered = evidence.OrderBy(e => e.Sequence).ToList();
        var self = ordered.LastOrDefault(e => e.Kind == EvidenceKind.SelfRating);
        var trainer = ordered.LastOrDefault(e => e.Kind == EvidenceKind.TrainerRating);
        var window = ordered.Where(e => e.Kind is EvidenceKind.Knowledge or EvidenceKind.Decision)
            .TakeLast(WindowSize)
            .Select(e => new WindowItem(e.Sequence, e.Kind, Math.Clamp(e.Score, -2, 2), e.ActivityId, e.AtUtc))
            .ToList();
        return new CompetenceState(window, self?.Level, self?.AtUtc, trainer?.Level, trainer?.AtUtc);
    }

    public static CompetenceStanding Evaluate(string competence, CompetenceState state, DateTime nowUtc)
    {
        var window = state.Window.Where(i => (nowUtc - i.AtUtc).TotalDays <= ExpiryDays).ToList();
        var count = window.Count;
        var sum = window.Sum(i => i.Score);
        var decisions = window.Where(i => i.Kind == EvidenceKind.Decision).ToList();
        var decisionSum = decisions.Sum(i => i.Score);
        var decisionCases = decisions.Select(i => i.ActivityId).Distinct(StringComparer.Ordinal).Count();
        var activities = window.Select(i => i.ActivityId).Distinct(StringComparer.Ordinal).Count();

        var measured = ProficiencyLevel.None;
        if (count >= 3 && 2 * sum >= count)
        {
            measured = ProficiencyLevel.Basis;
            if (decisions.Count >= 3 && decisionSum >= decisions.Count && decisionCases >= 2)
            {
                measured = ProficiencyLevel.Vaardig;
            }
        }

        var level = (ProficiencyLevel)Math.Max((int)measured, (int)(state.TrainerLevel ?? ProficiencyLevel.None));
        var newest = window.Count == 0 ? (DateTime?)null : window.Max(i => i.AtUtc);
        var confidence = count == 0
            ? (state.TrainerLevel is null ? Confidence.None : Confidence.Medium)
            : count < 4 || activities < 2
                ? Confidence.Low
                : count >= 8 && activities >= 3 && (nowUtc - newest!.Value).TotalDays <= RecentDays
                    ? Confidence.High
                    : Confidence.Medium;

        var last = new[] { newest, state.SelfAtUtc, state.TrainerAtUtc }.Where(d => d is not null).Max();
        return new CompetenceStanding(competence, level, measured, confidence, state.SelfLevel, state.TrainerLevel,
            count, sum, decisions.Count, decisionSum, activities, last);
    }

    /// <summary>A Likert answer as a self-rated level: the lower two fifths "not yet", then Basis, Vaardig, Voortrekker.</summary>
    public static ProficiencyLevel SelfLevelFromScale(int value, int scaleLength)
    {
        var share = (double)value / scaleLength;
        return share <= 0.4 ? ProficiencyLevel.None
            : share <= 0.6 ? ProficiencyLevel.Basis
            : share <= 0.8 ? ProficiencyLevel.Vaardig
            : ProficiencyLevel.Voortrekker;
    }

    /// <summary>A marked quiz answer as evidence: right +1, partly right 0, wrong −1.</summary>
    public static int KnowledgeScore(bool correct, double points) => correct ? 1 : points > 0 ? 0 : -1;
}
