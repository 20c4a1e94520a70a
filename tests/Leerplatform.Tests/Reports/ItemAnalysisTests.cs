using Leerplatform.Core.Reports;

namespace Leerplatform.Tests.Reports;

/// <summary>Moodle's facility and discrimination indices, checked against worked examples computed by hand.</summary>
public sealed class ItemAnalysisTests
{
    private static AnalysedAttempt Attempt(params (string Item, double Score)[] scores) =>
        new(scores.ToDictionary(s => s.Item, s => s.Score));

    /// <summary>
    /// Worked example: items A (max 1), B (max 1), C (max 2); four attempts.
    /// <code>
    ///            A  B  C  total
    /// attempt 1  1  1  2  4
    /// attempt 2  1  0  2  3
    /// attempt 3  0  1  0  1
    /// attempt 4  0  0  0  0
    /// </code>
    /// A: mean 0.5 → facility 50%. Rest of test (total − A) = 3, 2, 1, 0 (mean 1.5).
    ///    Deviations A: +.5 +.5 −.5 −.5; rest: +1.5 +.5 −.5 −1.5.
    ///    Sxy = .75 + .25 + .25 + .75 = 2; Sxx = 4 · .25 = 1; Syy = 2.25 + .25 + .25 + 2.25 = 5 → r = 2/√5 ≈ 0.8944.
    /// B: mean 0.5 → 50%. Rest = 3, 3, 0, 0; deviations B +.5 −.5 +.5 −.5, rest +1.5 +1.5 −1.5 −1.5
    ///    Sxy = .75 − .75 − .75 + .75 = 0 → r = 0: weak.
    /// C: mean 1 of 2 → 50%. Rest = 2, 1, 1, 0; deviations C +1 +1 −1 −1, rest +1 0 0 −1
    ///    Sxy = 2; Sxx = 4; Syy = 2 → r = 2/√8 ≈ 0.7071.
    /// </summary>
    [Fact]
    public void FacilityAndDiscriminationMatchTheWorkedExample()
    {
        var attempts = new[]
        {
            Attempt(("A", 1), ("B", 1), ("C", 2)),
            Attempt(("A", 1), ("B", 0), ("C", 2)),
            Attempt(("A", 0), ("B", 1), ("C", 0)),
            Attempt(("A", 0), ("B", 0), ("C", 0)),
        };

        var stats = ItemAnalysis.Analyse([("A", 1), ("B", 1), ("C", 2)], attempts);

        Assert.Equal(["A", "B", "C"], stats.Select(s => s.ItemId));
        Assert.All(stats, s => Assert.Equal(4, s.Attempts));
        Assert.All(stats, s => Assert.Equal(50, s.FacilityPercent!.Value, 6));
        Assert.Equal(2 / Math.Sqrt(5), stats[0].Discrimination!.Value, 6);
        Assert.Equal(0, stats[1].Discrimination!.Value, 6);
        Assert.Equal(2 / Math.Sqrt(8), stats[2].Discrimination!.Value, 6);
        Assert.Empty(stats[0].Flags);
        Assert.Equal([ItemFlag.WeakDiscrimination], stats[1].Flags);
        Assert.Empty(stats[2].Flags);
    }

    /// <summary>
    /// N is answered right only by the two weakest attempts:
    /// <code>
    ///            P  Q  R  N
    /// attempt 1  1  1  1  0   rest 3
    /// attempt 2  1  1  0  0   rest 2
    /// attempt 3  0  0  1  1   rest 1
    /// attempt 4  0  0  0  1   rest 0
    /// </code>
    /// Deviations N −.5 −.5 +.5 +.5, rest +1.5 +.5 −.5 −1.5 → Sxy = −2, Sxx = 1, Syy = 5 → r = −2/√5 ≈ −0.8944.
    /// </summary>
    [Fact]
    public void AnItemWeakerLearnersGetRightHasNegativeDiscriminationAndIsFlagged()
    {
        var attempts = new[]
        {
            Attempt(("P", 1), ("Q", 1), ("R", 1), ("N", 0)),
            Attempt(("P", 1), ("Q", 1), ("R", 0), ("N", 0)),
            Attempt(("P", 0), ("Q", 0), ("R", 1), ("N", 1)),
            Attempt(("P", 0), ("Q", 0), ("R", 0), ("N", 1)),
        };

        var n = ItemAnalysis.Analyse([("N", 1)], attempts).Single();

        Assert.Equal(50, n.FacilityPercent!.Value, 6);
        Assert.Equal(-2 / Math.Sqrt(5), n.Discrimination!.Value, 6);
        Assert.Equal([ItemFlag.NegativeDiscrimination], n.Flags);
    }

    [Fact]
    public void AnItemEverybodyGetsRightIsTooEasyAndHasNoDiscrimination()
    {
        // Item E: 1, 1, 1 → facility 100%; no variance, so r is undefined (null), not 0.
        var attempts = new[] { Attempt(("E", 1), ("F", 1)), Attempt(("E", 1), ("F", 0)), Attempt(("E", 1), ("F", 0)) };

        var e = ItemAnalysis.Analyse([("E", 1)], attempts).Single();

        Assert.Equal(100, e.FacilityPercent!.Value, 6);
        Assert.Null(e.Discrimination);
        Assert.Equal([ItemFlag.TooEasy], e.Flags);
    }

    [Fact]
    public void AnItemNobodyGetsRightIsTooHard()
    {
        var attempts = new[] { Attempt(("H", 0), ("F", 1)), Attempt(("H", 0), ("F", 0)) };

        var h = ItemAnalysis.Analyse([("H", 2)], attempts).Single();

        Assert.Equal(0, h.FacilityPercent!.Value, 6);
        Assert.Null(h.Discrimination);
        Assert.Equal([ItemFlag.TooHard], h.Flags);
    }

    [Fact]
    public void WhenTheRestOfTheTestDoesNotVaryDiscriminationIsUndefined()
    {
        // A one-question quiz: the rest of the test is always 0.
        var attempts = new[] { Attempt(("S", 1)), Attempt(("S", 0)) };

        var s = ItemAnalysis.Analyse([("S", 1)], attempts).Single();

        Assert.Equal(50, s.FacilityPercent!.Value, 6);
        Assert.Null(s.Discrimination);
        Assert.Empty(s.Flags);
    }

    [Fact]
    public void OnlyAttemptsThatDrewTheItemCountAndAnItemNobodyDrewHasNoFigures()
    {
        // Pools: X was drawn in attempts 1 and 3 only → mean (1 + 0) / 2 = 0.5 → 50% over 2 attempts.
        var attempts = new[] { Attempt(("X", 1), ("Y", 1)), Attempt(("Y", 0)), Attempt(("X", 0), ("Y", 1)) };

        var stats = ItemAnalysis.Analyse([("X", 1), ("Z", 1)], attempts);

        Assert.Equal((2, 50.0), (stats[0].Attempts, stats[0].FacilityPercent!.Value));
        Assert.Equal(0, stats[1].Attempts);
        Assert.Null(stats[1].FacilityPercent);
        Assert.Null(stats[1].Discrimination);
        Assert.Empty(stats[1].Flags);
    }

    [Fact]
    public void ASingleAttemptGivesFacilityButNoDiscrimination()
    {
        var only = ItemAnalysis.Analyse([("A", 1)], [Attempt(("A", 1), ("B", 0))]).Single();

        Assert.Equal(100, only.FacilityPercent!.Value, 6);
        Assert.Null(only.Discrimination);
    }
}
