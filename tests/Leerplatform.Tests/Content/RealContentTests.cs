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

        var exitCode = ContentCheckCommand.Run([TestPaths.RealContent], output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.DoesNotContain(": error:", output.ToString());
        // Writing warnings the text cannot avoid are justified in the page's front matter (schrijfcontrole:).
        Assert.DoesNotContain(": warning:", output.ToString());
    }

    // The curriculum of domain.md §5.2: id, audience and competences per module.
    public static TheoryData<string, string[], string[]> Outline() => new()
    {
        { "m1-jouw-bril", ["professional"], ["C1", "C2"] },
        { "m2-drempels", ["professional", "leidinggevende"], ["C2", "C7"] },
        { "m3-verhaal-achter-de-klacht", ["professional"], ["C3", "C1"] },
        { "m4-duidelijk-communiceren", ["professional"], ["C4"] },
        { "m5-werken-met-een-tolk", ["professional"], ["C4", "C5"] },
        { "m6-samen-beslissen", ["professional"], ["C5", "C3"] },
        { "m7-discriminatie", ["professional", "leidinggevende"], ["C6", "C1"] },
        { "m8-taalbeleid", ["leidinggevende"], ["C8", "C4"] },
        { "m9-organisatiebeleid", ["leidinggevende"], ["C8", "C7"] },
        { "m10-familie-zingeving", ["professional"], ["C3", "C5", "C4"] },
    };

    [Theory]
    [MemberData(nameof(Outline))]
    public void EachModuleOfTheOutlineHasItsAudienceCompetencesGoalsAndClosingQuiz(string id, string[] audiences, string[] competences)
    {
        var library = ContentLoader.Load(TestPaths.RealContent);
        var module = library.FindModule(id);

        Assert.NotNull(module);
        Assert.InRange(module.Pages.Count, 4, 8);
        Assert.Equal(audiences, module.Metadata.Audiences.Select(a => a == Audience.Professional ? "professional" : "leidinggevende"));
        Assert.All(competences, c => Assert.Contains(c, module.Metadata.Competences));
        // Learning goals on the first page, as a list under a heading that says what you learn.
        var first = module.Pages[0].Html;
        Assert.Matches("(?i)<h2[^>]*>[^<]*(wat leer je|leerdoelen)", first);
        Assert.Contains("<li>", first);
        // A closing quiz that checks those goals, with a pass mark that is stated in the text.
        var quiz = module.Pages[^1].Quiz;
        Assert.NotNull(quiz);
        Assert.NotNull(quiz.Settings.PassPercent);
        Assert.Contains($"{quiz.Settings.PassPercent}%", module.Pages[^1].Html.Replace(" %", "%", StringComparison.Ordinal));
        Assert.True(quiz.Questions.Count(q => q.IsGraded) >= 5, $"{id}: the closing quiz has too few graded questions");
        Assert.Null(ModuleDuration.Check(module.Metadata.DurationMinutes, module.Pages));
    }

    [Fact]
    public void TheRealContentHasTheFrameworkOfEightCompetences()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);

        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"C{i}"), library.Competences.Select(c => c.Code));
        Assert.All(library.Competences, c => Assert.NotNull(c.Levels));
        Assert.Equal(10, library.Modules.Count);
    }

    [Fact]
    public void EveryPageOfTheRealContentCitesItsSourcesThroughTheBibliotheek()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);

        foreach (var page in library.Modules.SelectMany(m => m.Pages))
        {
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{page.Html}</body>");
            var sourceBlocks = document.QuerySelectorAll(".callout-source");
            Assert.True(sourceBlocks.Length > 0, $"{page.SourcePath} has no BRON callout");
            foreach (var block in sourceBlocks)
            {
                var links = block.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? string.Empty).ToList();
                Assert.True(links.Count > 0, $"{page.SourcePath}: a BRON callout without sources");
                Assert.All(links, href => Assert.StartsWith("/bibliotheek#bron-", href));
            }
        }
    }

    [Fact]
    public void TheBibliotheekListsEverySourceOnceAndEveryListedSourceIsCited()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);
        var sources = library.Sources.Sources;

        Assert.True(sources.Count >= 50, $"only {sources.Count} sources");
        Assert.Equal(sources.Count, sources.Select(s => s.Id).Distinct().Count());
        Assert.Equal(sources.Count(s => s.Url is not null), sources.Where(s => s.Url is not null).Select(s => s.Url!.TrimEnd('/').ToLowerInvariant()).Distinct().Count());
        Assert.All(sources, s => Assert.NotEmpty(library.Sources.CitationsOf(s.Id)));
    }

    // Cases of domain.md §5.3; each needs a version per region where law or services differ.
    public static TheoryData<string, string, bool> Cases() => new()
    {
        { "m5-werken-met-een-tolk", "s1-dhr-k", true },
        { "m3-verhaal-achter-de-klacht", "s2-mevrouw-t", true },
        { "m5-werken-met-een-tolk", "s3-mevrouw-s", true },
        { "m10-familie-zingeving", "s4-meneer-y", true },
        { "m7-discriminatie", "s5-meneer-p", true },
        { "m9-organisatiebeleid", "s6-directeur", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachCaseHasThreeDecisionPointsFeedbackCompetenceChangesTwoEndingsAndADebriefPerRegion(string moduleId, string scenarioId, bool regional)
    {
        var library = ContentLoader.Load(TestPaths.RealContent);
        var scenario = library.FindModule(moduleId)?.FindScenarioPage(scenarioId)?.Scenario;

        Assert.NotNull(scenario);
        Assert.Equal(regional ? ["nl", "vl"] : [], scenario.Regions);
        foreach (var region in new[] { "vl", "nl" })
        {
            var version = scenario.ForRegion(region);
            var decisions = version.Nodes.Where(n => n.Choices.Count >= 2).ToList();
            Assert.True(decisions.Count >= 3, $"{scenarioId} ({region}) needs at least three decision points");
            Assert.All(version.Nodes.SelectMany(n => n.Choices), c => Assert.NotNull(c.FeedbackHtml));
            Assert.All(decisions.SelectMany(n => n.Choices), c => Assert.NotEmpty(c.Deltas));
            var endings = version.Nodes.Where(n => n.IsEnding).ToList();
            Assert.True(endings.Count >= 2, $"{scenarioId} ({region}) needs at least two endings");
            Assert.All(endings, e => Assert.True(e.Html.Length > 200, $"{scenarioId} ({region}): ending '{e.Id}' has no debrief"));
        }

        // The two versions really differ where they differ: the Flemish one names Flemish services, the Dutch one Dutch ones.
        var flemishText = string.Concat(scenario.ForRegion("vl").Nodes.Select(n => n.Html));
        var dutchText = string.Concat(scenario.ForRegion("nl").Nodes.Select(n => n.Html));
        Assert.NotEqual(flemishText, dutchText);
    }

    [Fact]
    public void TheFlemishVersionOfTheInterpreterCasesNamesFlemishServicesAndTheDutchVersionDoesNot()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);
        foreach (var (moduleId, scenarioId) in new[] { ("m3-verhaal-achter-de-klacht", "s2-mevrouw-t"), ("m5-werken-met-een-tolk", "s3-mevrouw-s"), ("m5-werken-met-een-tolk", "s1-dhr-k") })
        {
            var scenario = library.FindModule(moduleId)!.FindScenarioPage(scenarioId)!.Scenario!;
            string Text(string region) => string.Concat(scenario.ForRegion(region).Nodes.Select(n => n.Html + string.Concat(n.Choices.Select(c => c.Text + c.FeedbackHtml))));

            Assert.Contains("AgII", Text("vl"));
            Assert.DoesNotContain("AgII", Text("nl"));
            Assert.DoesNotContain("COA", Text("vl"));
        }
    }
}
