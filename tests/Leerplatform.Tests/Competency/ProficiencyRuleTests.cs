using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;

namespace Leerplatform.Tests.Competency;

/// <summary>
/// The worked examples of the help page (/help/competenties, Web/Help/competenties.nl.md), as tests: if the rule
/// changes, these and the help text change together.
/// </summary>
public sealed class ProficiencyRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private long _sequence;

    [Fact]
    public void ExampleA_NoEvidenceMeansNoLevelYet()
    {
        var standing = Evaluate();

        Assert.Equal((ProficiencyLevel.None, Confidence.None), (standing.Level, standing.Confidence));
    }

    [Fact]
    public void ExampleB_ThreeRightAnswersInOneQuizGiveBasisWithLowConfidence()
    {
        var standing = Evaluate(Knowledge(+1, "toets-1"), Knowledge(+1, "toets-1"), Knowledge(+1, "toets-1"));

        Assert.Equal((ProficiencyLevel.Basis, Confidence.Low), (standing.Level, standing.Confidence));
    }

    [Fact]
    public void ExampleC_GoodDecisionsInTwoCasesGiveVaardig()
    {
        var standing = Evaluate(
            Knowledge(+1, "toets-1"), Knowledge(+1, "toets-1"),
            Decision(+2, "casus-s1"), Decision(+1, "casus-s1"), Decision(+2, "casus-s3"));

        Assert.Equal((ProficiencyLevel.Vaardig, Confidence.Medium), (standing.Level, standing.Confidence));
        Assert.Equal((5, 7, 3, 5, 3), (standing.MeasuredCount, standing.MeasuredSum, standing.DecisionCount, standing.DecisionSum, standing.Activities));
    }

    [Fact]
    public void GoodDecisionsInOnlyOneCaseStayAtBasis()
    {
        var standing = Evaluate(Decision(+2, "casus-s1"), Decision(+2, "casus-s1"), Decision(+2, "casus-s1"));

        Assert.Equal(ProficiencyLevel.Basis, standing.Level);
    }

    [Fact]
    public void ExampleD_ConflictingEvidenceCancelsOut()
    {
        var standing = Evaluate(Decision(+2, "casus-s1"), Decision(-2, "casus-s1"), Decision(+1, "casus-s3"), Decision(-1, "casus-s3"));

        Assert.Equal(ProficiencyLevel.None, standing.Level);
        Assert.Equal(Confidence.Medium, standing.Confidence);
    }

    [Fact]
    public void ExampleE_ASelfRatingAloneNeverRaisesTheLevel()
    {
        var standing = Evaluate(Self(ProficiencyLevel.Voortrekker));

        Assert.Equal(ProficiencyLevel.None, standing.Level);
        Assert.Equal(ProficiencyLevel.Voortrekker, standing.SelfLevel);
        Assert.Equal(Confidence.None, standing.Confidence);
    }

    [Fact]
    public void ASelfRatingBesideMeasuredEvidenceDoesNotChangeTheLevelEither()
    {
        var withSelf = Evaluate(Knowledge(+1, "a"), Knowledge(+1, "b"), Knowledge(+1, "b"), Self(ProficiencyLevel.Voortrekker));
        var without = Evaluate(Knowledge(+1, "a"), Knowledge(+1, "b"), Knowledge(+1, "b"));

        Assert.Equal(without.Level, withSelf.Level);
        Assert.Equal(without.Confidence, withSelf.Confidence);
    }

    [Fact]
    public void ExampleF_EvidenceOlderThanTwoYearsNoLongerCounts()
    {
        var old = Now.AddDays(-(ProficiencyRule.ExpiryDays + 1));
        var standing = Evaluate(Knowledge(+1, "toets-1", old), Knowledge(+1, "toets-1", old), Knowledge(+1, "toets-1", old));

        Assert.Equal((ProficiencyLevel.None, Confidence.None), (standing.Level, standing.Confidence));
    }

    [Fact]
    public void EvidenceOlderThanHalfAYearLowersConfidenceButNotTheLevel()
    {
        var items = Enumerable.Range(0, 9).Select(i => Decision(+2, $"casus-{i % 3}", Now.AddDays(-200))).ToArray();

        var standing = Evaluate(items);

        Assert.Equal((ProficiencyLevel.Vaardig, Confidence.Medium), (standing.Level, standing.Confidence));
    }

    [Fact]
    public void ExampleG_ATrainersRatingCanRaiseTheLevel()
    {
        var standing = Evaluate(Knowledge(+1, "a"), Knowledge(+1, "a"), Knowledge(+1, "b"), Trainer(ProficiencyLevel.Voortrekker));

        Assert.Equal(ProficiencyLevel.Voortrekker, standing.Level);
        Assert.Equal(ProficiencyLevel.Basis, standing.MeasuredLevel);
    }

    [Fact]
    public void ALaterTrainerRatingReplacesAnEarlierOne()
    {
        var standing = Evaluate(Trainer(ProficiencyLevel.Voortrekker), Trainer(ProficiencyLevel.Basis));

        Assert.Equal(ProficiencyLevel.Basis, standing.Level);
    }

    [Fact]
    public void ExampleH_OnlyTheLastTwelveMeasuredItemsCount()
    {
        var items = Enumerable.Range(0, 12).Select(_ => Knowledge(-1, "toets-1"))
            .Concat(Enumerable.Range(0, 12).Select(i => Knowledge(+1, $"toets-{i % 3}")))
            .ToArray();

        var standing = Evaluate(items);

        Assert.Equal((ProficiencyLevel.Basis, Confidence.High), (standing.Level, standing.Confidence));
        Assert.Equal(12, standing.MeasuredSum);
    }

    [Theory]
    [InlineData(1, 5, ProficiencyLevel.None)]
    [InlineData(2, 5, ProficiencyLevel.None)]
    [InlineData(3, 5, ProficiencyLevel.Basis)]
    [InlineData(4, 5, ProficiencyLevel.Vaardig)]
    [InlineData(5, 5, ProficiencyLevel.Voortrekker)]
    [InlineData(2, 3, ProficiencyLevel.Vaardig)]
    public void LikertAnswersMapToSelfRatedLevels(int value, int scale, ProficiencyLevel expected) =>
        Assert.Equal(expected, ProficiencyRule.SelfLevelFromScale(value, scale));

    [Fact]
    public void IncrementalAndFullComputationAgreeOnGeneratedEvidence()
    {
        // Property-style: many random evidence logs, applied one by one versus folded at once.
        var random = new SeededRandom(4);
        for (var run = 0; run < 300; run++)
        {
            var log = Enumerable.Range(0, random.Next(60)).Select(i => RandomItem(random, i)).ToList();

            var incremental = CompetenceState.Empty;
            foreach (var item in log)
            {
                incremental = ProficiencyRule.Apply(incremental, item);
            }

            var full = ProficiencyRule.Fold(random.Shuffle(log));

            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(incremental), System.Text.Json.JsonSerializer.Serialize(full));
            Assert.Equal(ProficiencyRule.Evaluate("C1", incremental, Now), ProficiencyRule.Evaluate("C1", full, Now));
        }
    }

    private static EvidenceItem RandomItem(SeededRandom random, int sequence)
    {
        var kind = (EvidenceKind)random.Next(4);
        var at = Now.AddDays(-random.Next(900));
        return kind switch
        {
            EvidenceKind.SelfRating or EvidenceKind.TrainerRating => new EvidenceItem(sequence, "C1", kind, 0, (ProficiencyLevel)random.Next(4), "x", at),
            _ => new EvidenceItem(sequence, "C1", kind, random.Next(5) - 2, null, $"activiteit-{random.Next(4)}", at),
        };
    }

    private CompetenceStanding Evaluate(params EvidenceItem[] items) =>
        ProficiencyRule.Evaluate("C4", ProficiencyRule.Fold(items), Now);

    private EvidenceItem Knowledge(int score, string activity, DateTime? at = null) =>
        new(++_sequence, "C4", EvidenceKind.Knowledge, score, null, activity, at ?? Now.AddDays(-1));

    private EvidenceItem Decision(int score, string activity, DateTime? at = null) =>
        new(++_sequence, "C4", EvidenceKind.Decision, score, null, activity, at ?? Now.AddDays(-1));

    private EvidenceItem Self(ProficiencyLevel level) =>
        new(++_sequence, "C4", EvidenceKind.SelfRating, 0, level, "toets-1", Now.AddDays(-1));

    private EvidenceItem Trainer(ProficiencyLevel level) =>
        new(++_sequence, "C4", EvidenceKind.TrainerRating, 0, level, "trainer", Now.AddDays(-1));
}
