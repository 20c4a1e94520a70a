using Leerplatform.Core.Content;
using Leerplatform.Testing;
using Leerplatform.Web.Services;

namespace Leerplatform.Tests.Content;

/// <summary>The curriculum is tested like code: `check` must pass over the real content/ folder.</summary>
public sealed class RealContentTests
{
    [Fact]
    public void CheckReportsNoErrorsAndNoUnjustifiedWarningsOnTheRealContentFolder()
    {
        var output = new StringWriter();
        // TEMPORARY: the managers' path names modules that are still being written; their stand-ins are added to a
        // copy until they are merged (PendingModules). Then this checks content/ itself again.
        using var temp = new TempDirectory();
        var content = temp.CopyFrom(TestPaths.RealContent, "content");
        PendingModules.AddMissingTo(temp, "content");

        var exitCode = ContentCheckCommand.Run([content], output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.DoesNotContain(": error:", output.ToString());
        // Writing warnings the text cannot avoid are justified in the page's front matter (schrijfcontrole:).
        Assert.DoesNotContain(": warning:", output.ToString());
    }

    [Fact]
    public void TheRealContentHasTheFoundationModulesAndTheFrameworkOfEightCompetences()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);

        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"C{i}"), library.Competences.Select(c => c.Code));
        Assert.All(library.Competences, c => Assert.NotNull(c.Levels));
        Assert.Contains(library.Modules, m => m.Id == "m1-jouw-bril");
        Assert.Contains(library.Modules, m => m.Id == "m5-werken-met-een-tolk");
        Assert.All(library.Modules, m => Assert.InRange(m.Pages.Count, 4, 8));
    }

    [Fact]
    public void EveryPageOfTheRealContentCitesItsSources()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);

        foreach (var page in library.Modules.SelectMany(m => m.Pages))
        {
            Assert.True(page.Html.Contains("callout-source", StringComparison.Ordinal), $"{page.SourcePath} has no BRON callout");
        }
    }

    [Fact]
    public void TheRealContentHasTheTwoExampleCasesFromTheOutlines()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);
        var scenarios = library.Modules.SelectMany(m => m.Pages).Where(p => p.Scenario is not null).Select(p => p.Scenario!).ToList();

        Assert.Contains(scenarios, s => s.Id == "s1-dhr-k");
        Assert.Contains(scenarios, s => s.Id == "s3-mevrouw-s");
        foreach (var scenario in scenarios)
        {
            Assert.True(scenario.Nodes.Count(n => !n.IsEnding) >= 3, $"{scenario.Id} needs at least three decision points");
            Assert.All(scenario.Nodes.SelectMany(n => n.Choices), c => Assert.NotNull(c.FeedbackHtml));
        }
    }
}
