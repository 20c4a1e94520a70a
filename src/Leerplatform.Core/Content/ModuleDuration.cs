namespace Leerplatform.Core.Content;

/// <summary>
/// Estimates how long a module takes, so the <c>duur</c> a learner plans with matches the text. Rates: 150 words
/// a minute for careful reading of professional Dutch at B1 (slower than the ~200–250 of leisure reading), one
/// minute per question, one minute per situation in a case plus two for its debrief.
/// </summary>
public static class ModuleDuration
{
    public const int WordsPerMinute = 150;

    public static double EstimateMinutes(IReadOnlyList<ModulePage> pages)
    {
        var reading = pages.Sum(p => p.WordCount) / (double)WordsPerMinute;
        var questions = pages.Sum(p => p.Quiz?.Questions.Count ?? 0);
        var caseSteps = pages.Sum(p => p.Scenario is { } s ? s.ForRegion(s.Regions.FirstOrDefault()).Nodes.Count + 2 : 0);
        return reading + questions + caseSteps;
    }

    /// <summary>A message when the stated duration is far from the estimate (below 70 %, or above 160 % + 5 minutes once the text takes 10 minutes or more).</summary>
    public static string? Check(int statedMinutes, IReadOnlyList<ModulePage> pages)
    {
        var estimate = EstimateMinutes(pages);
        var rounded = (int)Math.Round(estimate);
        if (statedMinutes < estimate * 0.7)
        {
            return $"duur {statedMinutes} minuten is te kort voor deze tekst: geschat {rounded} minuten ({WordsPerMinute} woorden per minuut, 1 minuut per vraag en per casusknoop)";
        }

        // Very short modules (drafts, examples) are not held to the upper bound: a few sentences cannot be timed.
        return statedMinutes > estimate * 1.6 + 5 && estimate >= 10
            ? $"duur {statedMinutes} minuten is veel langer dan de tekst vraagt: geschat {rounded} minuten ({WordsPerMinute} woorden per minuut, 1 minuut per vraag en per casusknoop)"
            : null;
    }
}
