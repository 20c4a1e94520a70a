namespace Leerplatform.Core.Reports;

/// <summary>One analysed attempt: the final score of every item it contained (items not drawn are absent).</summary>
/// <param name="ItemScores">Question id → final points, including penalties and certainty-based marking.</param>
public sealed record AnalysedAttempt(IReadOnlyDictionary<string, double> ItemScores)
{
    /// <summary>The attempt's total over all its items.</summary>
    public double Total => ItemScores.Values.Sum();
}

/// <summary>How an item's statistics compare with Moodle's guidance.</summary>
public enum ItemFlag
{
    /// <summary>Within the usual ranges.</summary>
    None,

    /// <summary>Facility under 5%: (almost) nobody gets it right.</summary>
    TooHard,

    /// <summary>Facility over 95%: (almost) everybody gets it right.</summary>
    TooEasy,

    /// <summary>Discrimination between 0 and 0.3: the item barely tells stronger from weaker learners.</summary>
    WeakDiscrimination,

    /// <summary>Negative discrimination: weaker learners do better on this item than stronger ones; check the key.</summary>
    NegativeDiscrimination,
}

/// <summary>The statistics of one question.</summary>
/// <param name="ItemId">The question id.</param>
/// <param name="Attempts">Attempts that contained the item.</param>
/// <param name="MeanScore">Mean final score on the item.</param>
/// <param name="FacilityPercent">Mean score as a percentage of the item's maximum; null without attempts or maximum.</param>
/// <param name="Discrimination">Pearson correlation (−1…1) of the item score with the rest of the test; null when either has no variance.</param>
/// <param name="Flags">Every guidance range the item falls outside.</param>
public sealed record ItemStatistics(string ItemId, int Attempts, double MeanScore, double? FacilityPercent, double? Discrimination, IReadOnlyList<ItemFlag> Flags);

/// <summary>
/// Item analysis as Moodle's quiz statistics report computes it (docs.moodle.org/dev/Quiz_statistics_calculations):
/// <list type="bullet">
/// <item><b>Facility index</b> F = 100 · mean(x_i) / max(x_i): the mean final score on the item as a percentage of
/// the item's maximum (items score from 0, except under certainty-based marking where a wrong answer is negative;
/// Moodle then also uses the final score, so F can fall below 0).</item>
/// <item><b>Discrimination index</b> r = corr(x_i, X − x_i): the Pearson correlation, over the analysed attempts
/// that contained the item, between the score on the item and the score on the rest of the test. Subtracting
/// the item keeps it from correlating with itself. Moodle shows 100·r; we keep r (−1…1).</item>
/// <item>Guidance used for flags: F &lt; 5% too hard, F &gt; 95% too easy; r &lt; 0.3 weak; r &lt; 0 a problem.</item>
/// </list>
/// Which attempts go in is the caller's choice; the reports pass each learner's first finished attempt, Moodle's
/// default, because later attempts build on the feedback of earlier ones and break the method's assumptions.
/// Pure and deterministic: no clock, no database.
/// </summary>
public static class ItemAnalysis
{
    public const double TooHardBelowPercent = 5;
    public const double TooEasyAbovePercent = 95;
    public const double WeakDiscriminationBelow = 0.3;

    /// <param name="items">Question ids with their maximum points, in report order.</param>
    /// <param name="attempts">The analysed attempts.</param>
    public static IReadOnlyList<ItemStatistics> Analyse(IReadOnlyList<(string ItemId, double MaxPoints)> items, IReadOnlyList<AnalysedAttempt> attempts)
    {
        var totals = attempts.Select(a => a.Total).ToArray();
        var result = new List<ItemStatistics>(items.Count);
        foreach (var (itemId, maxPoints) in items)
        {
            var scores = new List<double>();
            var rest = new List<double>();
            for (var i = 0; i < attempts.Count; i++)
            {
                if (attempts[i].ItemScores.TryGetValue(itemId, out var score))
                {
                    scores.Add(score);
                    rest.Add(totals[i] - score);
                }
            }

            var mean = scores.Count == 0 ? 0 : scores.Average();
            double? facility = scores.Count == 0 || maxPoints <= 0 ? null : 100 * mean / maxPoints;
            var discrimination = Correlation(scores, rest);
            result.Add(new ItemStatistics(itemId, scores.Count, mean, facility, discrimination, Flag(facility, discrimination)));
        }

        return result;
    }

    /// <summary>Pearson's r; null for fewer than two pairs or when either side does not vary (r is undefined).</summary>
    public static double? Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException("Both series need the same length.", nameof(y));
        }

        if (x.Count < 2)
        {
            return null;
        }

        var meanX = x.Average();
        var meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        // Floating-point sums of identical values can leave a tiny residue; treat it as no variance.
        const double epsilon = 1e-12;
        return sxx <= epsilon || syy <= epsilon ? null : sxy / Math.Sqrt(sxx * syy);
    }

    private static IReadOnlyList<ItemFlag> Flag(double? facility, double? discrimination)
    {
        var flags = new List<ItemFlag>();
        if (facility < TooHardBelowPercent)
        {
            flags.Add(ItemFlag.TooHard);
        }
        else if (facility > TooEasyAbovePercent)
        {
            flags.Add(ItemFlag.TooEasy);
        }

        if (discrimination < 0)
        {
            flags.Add(ItemFlag.NegativeDiscrimination);
        }
        else if (discrimination < WeakDiscriminationBelow)
        {
            flags.Add(ItemFlag.WeakDiscrimination);
        }

        return flags;
    }
}
