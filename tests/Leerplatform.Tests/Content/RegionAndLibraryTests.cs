using AngleSharp.Html.Parser;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Markdown;
using Leerplatform.Testing;

namespace Leerplatform.Tests.Content;

/// <summary>Regional passages, regional case versions and the Bibliotheek, on the "regio-valid" fixture.</summary>
public sealed class RegionAndLibraryTests
{
    private static readonly Lazy<ContentLibrary> Library = new(() => ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "regio-valid")));

    private static LearningModule Module => Library.Value.FindModule("regio-module")!;

    private static Scenario Case => Module.FindPage("casus")!.Scenario!;

    [Fact]
    public void TheFixtureLoadsWithoutDiagnostics() => Assert.Empty(Library.Value.Diagnostics);

    [Fact]
    public void ALearnerSeesOnlyThePassageOfTheirRegionAndWithoutARegionBothWithALabel()
    {
        var html = Module.FindPage("tolk-aanvragen")!.Html;

        var flemish = RegionText.ForRegion(html, "vl");
        var dutch = RegionText.ForRegion(html, "nl");
        var both = RegionText.ForRegion(html, null);

        Assert.Contains("sociaal tolk aan bij het agentschap", flemish);
        Assert.DoesNotContain("beslisboom", flemish);
        Assert.Contains("beslisboom", dutch);
        Assert.DoesNotContain("agentschap", dutch);
        Assert.Contains("In Vlaanderen", both);
        Assert.Contains("In Nederland", both);
        Assert.Contains("Voor een moeilijk gesprek", flemish);
        Assert.Contains("Voor een moeilijk gesprek", dutch);
    }

    [Fact]
    public void AnAuthorCannotForgeARegionMarkerToHideText()
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "regio-valid"), "content");
        File.WriteAllText(Path.Combine(root, "modules", "regio", "03-truc.md"), "# Truc\n\n<!--lp-regio:nl-->Verborgen?<!--/lp-regio:nl--> Zichtbaar.\n");

        var page = ContentLoader.Load(root).FindModule("regio-module")!.FindPage("truc")!;

        // Raw HTML becomes escaped text, so the filter finds no marker and keeps the text.
        Assert.Contains("Verborgen?", RegionText.ForRegion(page.Html, "vl"));
    }

    [Fact]
    public void EachRegionPlaysItsOwnVersionOfARegionalNodeAndSharedNodesStayShared()
    {
        var flemish = Case.ForRegion("vl");
        var dutch = Case.ForRegion("nl");

        Assert.Equal(["nl", "vl"], Case.Regions);
        Assert.Contains("sociaal tolk", flemish.FindNode("tolk")!.Html);
        Assert.Contains("beslisboom", dutch.FindNode("tolk")!.Html);
        Assert.Equal(Case.FindNode("begin")!.Html, flemish.FindNode("begin")!.Html);
        Assert.Equal(Case.FindNode("begin")!.Choices.Select(c => c.Id), dutch.FindNode("begin")!.Choices.Select(c => c.Id));
        Assert.Equal(["tolk-vl-1", "tolk-vl-2"], flemish.FindNode("tolk")!.Choices.Select(c => c.Id));
        Assert.Equal(["tolk-nl-1"], dutch.FindNode("tolk")!.Choices.Select(c => c.Id));
        Assert.Equal("vl", flemish.Region);
    }

    [Fact]
    public void ARunKeepsItsRegionAndReachesTheEndingInEachVersion()
    {
        foreach (var region in new[] { "vl", "nl" })
        {
            var scenario = Case.ForRegion(region);
            var state = ScenarioEngine.Start(scenario);
            state = ScenarioEngine.Continue(scenario, ScenarioEngine.Choose(scenario, state, "begin-1", null, null));
            Assert.Equal("tolk", state.CurrentNodeId);
            state = ScenarioEngine.Continue(scenario, ScenarioEngine.Choose(scenario, state, $"tolk-{region}-1", null, null));

            Assert.True(state.Finished);
            Assert.Equal(region, state.Region);
        }
    }

    [Fact]
    public void AChoiceOfTheOtherRegionCannotBeMade()
    {
        var dutch = Case.ForRegion("nl");
        var state = ScenarioEngine.Continue(dutch, ScenarioEngine.Choose(dutch, ScenarioEngine.Start(dutch), "begin-1", null, null));

        Assert.ThrowsAny<AssessmentException>(() => ScenarioEngine.Choose(dutch, state, "tolk-vl-2", null, null));
    }

    [Fact]
    public void ACaseWithoutRegionalNodesIsTheSameForEveryone()
    {
        var scenario = Assessment.AssessmentFixture.Scenario;

        Assert.Empty(scenario.Regions);
        Assert.Same(scenario, scenario.ForRegion("vl"));
    }

    [Fact]
    public void SourceLinksPointToTheirEntryInTheBibliotheekWithTheFullReference()
    {
        var html = Module.FindPage("tolk-aanvragen")!.Html;
        var link = new HtmlParser().ParseDocument($"<body>{html}</body>").QuerySelector("a.bron")!;

        Assert.Equal("/bibliotheek#bron-agii-sociaal-tolken", link.GetAttribute("href"));
        Assert.Equal("Agentschap Integratie en Inburgering (z.d.). Wat is sociaal tolken? integratie-inburgering.be.", link.GetAttribute("title"));
    }

    [Fact]
    public void TheBibliotheekListsEverySourceOnceWithThePagesThatCiteIt()
    {
        var sources = Library.Value.Sources;

        Assert.Equal(["agii-sociaal-tolken", "richtlijn-taalbarrieres"], sources.Sources.Select(s => s.Id));
        var citations = sources.CitationsOf("agii-sociaal-tolken");
        var citation = Assert.Single(citations);
        Assert.Equal("regio-module", citation.ModuleId);
        Assert.Equal("tolk-aanvragen", citation.PageId);
    }

    [Theory]
    [InlineData("richtlijn", "richtlijn-taalbarrieres")]
    [InlineData("AGENTSCHAP tolk", "agii-sociaal-tolken")]
    [InlineData("2025", "richtlijn-taalbarrieres")]
    public void TheBibliotheekSearchMatchesEveryWordInAuthorTitleYearOrKeywords(string query, string expected) =>
        Assert.Equal([expected], Library.Value.Sources.Search(query).Select(s => s.Id));

    [Fact]
    public void TheDurationEstimateCountsReadingQuestionsAndCaseSteps()
    {
        // 150 words of reading = 1 minute; a case adds its nodes plus two minutes for the debrief.
        var estimate = ModuleDuration.EstimateMinutes(Module.Pages);
        var words = Module.Pages.Sum(p => p.WordCount);

        Assert.Equal(words / 150.0 + Case.ForRegion("nl").Nodes.Count + 2, estimate, 3);
        Assert.Null(ModuleDuration.Check(6, Module.Pages));
        Assert.Contains("te kort", ModuleDuration.Check(1, Module.Pages));
    }
}
