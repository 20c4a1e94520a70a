using Leerplatform.Testing;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>The learner's region picks passages and case versions; the Bibliotheek is searchable and linked.</summary>
public sealed class RegionAndLibraryPageTests
{
    private const string Password = "een lang wachtwoord";

    [Fact]
    public async Task APageShowsThePassageOfTheLearnersRegionOnlyAndBothWithAHintWithoutARegion()
    {
        using var app = AppFactory.For("regio-valid");
        var flemishId = await app.CreateUserAsync("vlaams@example.org");
        await app.CreateUserAsync("zonder-regio@example.org");
        await app.Services.GetRequiredService<LearnerRegionService>().SetAsync(flemishId, "vl");

        var flemish = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await flemish.SignInAsync("vlaams@example.org", Password);
        var unset = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await unset.SignInAsync("zonder-regio@example.org", Password);

        var flemishPage = (await flemish.GetDocumentAsync("/modules/regio-module/tolk-aanvragen")).QuerySelector(".reader-page")!.TextContent;
        var unsetPage = await unset.GetDocumentAsync("/modules/regio-module/tolk-aanvragen");

        Assert.Contains("sociaal tolk aan bij het agentschap", flemishPage);
        Assert.DoesNotContain("beslisboom", flemishPage);
        Assert.Contains("beslisboom", unsetPage.QuerySelector(".reader-page")!.TextContent);
        Assert.Contains("agentschap", unsetPage.QuerySelector(".reader-page")!.TextContent);
        Assert.Equal("/instellingen", unsetPage.QuerySelector(".region-hint a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ACaseRunPlaysTheVersionOfTheRegionItStartedInEvenAfterTheLearnerChangesRegion()
    {
        using var app = AppFactory.For("regio-valid");
        var userId = await app.CreateUserAsync("verhuist@example.org");
        var regions = app.Services.GetRequiredService<LearnerRegionService>();
        var service = app.Services.GetRequiredService<AssessmentService>();
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("regio-module")!;
        var page = module.FindPage("casus")!;
        await regions.SetAsync(userId, "nl");

        var run = await service.GetOrStartScenarioAsync(userId, module, page);
        run = await service.ChooseAsync(userId, module, page, run.RunId, "begin-1", null, null);
        run = await service.ContinueAsync(userId, module, page, run.RunId);
        await regions.SetAsync(userId, "vl");
        var flemishChoice = () => service.ChooseAsync(userId, module, page, run.RunId, "tolk-vl-1", null, null);

        Assert.Equal("nl", run.State.Region);
        await Assert.ThrowsAnyAsync<Leerplatform.Core.Assessment.AssessmentException>(flemishChoice);
        run = await service.ChooseAsync(userId, module, page, run.RunId, "tolk-nl-1", null, null);
        run = await service.ContinueAsync(userId, module, page, run.RunId);
        Assert.True(run.State.Finished);

        // The next run follows the new setting.
        var next = await service.RestartScenarioAsync(userId, module, page);
        Assert.Equal("vl", next.State.Region);
    }

    [Fact]
    public async Task AnUnknownRegionIsRefusedAndTheSettingStaysAsItWas()
    {
        using var app = AppFactory.For("regio-valid");
        var userId = await app.CreateUserAsync("fout@example.org");
        var regions = app.Services.GetRequiredService<LearnerRegionService>();
        await regions.SetAsync(userId, "vl");

        await Assert.ThrowsAsync<ArgumentException>(() => regions.SetAsync(userId, "be"));

        Assert.Equal("vl", await regions.GetAsync(userId));
        await using var db = await app.DbAsync();
        Assert.Equal("vl", await db.Users.Where(u => u.Id == userId).Select(u => u.Region).SingleAsync());
    }

    [Fact]
    public async Task TheSettingsPageNeedsASignedInUser()
    {
        using var app = AppFactory.For("regio-valid");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/instellingen");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/inloggen", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TheBibliotheekListsEachSourceOnceWithItsCitingPagesAndFiltersBySearchAndRegion()
    {
        using var app = AppFactory.For("regio-valid");
        var client = app.CreateClient();

        var all = await client.GetDocumentAsync("/bibliotheek");
        var search = await client.GetDocumentAsync("/bibliotheek?q=richtlijn");
        var flemish = await client.GetDocumentAsync("/bibliotheek?regio=vl");
        var none = await client.GetDocumentAsync("/bibliotheek?q=bestaatnergens");

        Assert.Equal(["bron-agii-sociaal-tolken", "bron-richtlijn-taalbarrieres"], all.QuerySelectorAll(".source").Select(s => s.Id));
        var citing = all.QuerySelector("#bron-agii-sociaal-tolken .source-citations a")!;
        Assert.Equal("/modules/regio-module/tolk-aanvragen", citing.GetAttribute("href"));
        Assert.Contains("Een tolk per regio › Een tolk aanvragen", citing.TextContent);
        Assert.Equal(["bron-richtlijn-taalbarrieres"], search.QuerySelectorAll(".source").Select(s => s.Id));
        Assert.Equal(["bron-agii-sociaal-tolken"], flemish.QuerySelectorAll(".source").Select(s => s.Id));
        Assert.Empty(none.QuerySelectorAll(".source"));
        Assert.Contains("0 bronnen", none.QuerySelector(".result-count")!.TextContent);
    }

    [Fact]
    public async Task APageLinksEachCitedSourceToItsEntryInTheBibliotheek()
    {
        using var app = AppFactory.For("regio-valid");
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync("/modules/regio-module/tolk-aanvragen");

        var links = page.QuerySelectorAll(".callout-source a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/bibliotheek#bron-agii-sociaal-tolken", "/bibliotheek#bron-richtlijn-taalbarrieres"], links);
    }
}

/// <summary>Trainers' drafts in the workspace cite the platform's Bibliotheek and may have regional case versions.</summary>
public sealed class WorkspaceRegionTests
{
    [Fact]
    public void ADraftCitesThePlatformBibliotheekAndAnUnknownSourceIsReportedAtItsPosition()
    {
        using var app = AppFactory.For("regio-valid");
        var compiler = app.Services.GetRequiredService<Leerplatform.Web.Services.Workspace.DraftCompiler>();
        var module = Leerplatform.Core.Content.Packages.ModuleFile.FromText("module.md",
            "---\nid: concept\ntitel: Concept\nsamenvatting: Een concept.\ndoelgroep: [professional]\ncompetenties: [C4]\nduur: 2\ntaal: nl\nversie: 1.0.0\n---\nInleiding.\n");

        var good = compiler.Compile("concept", [module, Leerplatform.Core.Content.Packages.ModuleFile.FromText("01-pagina.md", "# Pagina\n\nZie [AgII](bron:agii-sociaal-tolken).\n")]);
        var bad = compiler.Compile("concept", [module, Leerplatform.Core.Content.Packages.ModuleFile.FromText("01-pagina.md", "# Pagina\n\nZie [iets](bron:bestaat-niet).\n")]);

        Assert.NotNull(good.Module);
        Assert.Contains("/bibliotheek#bron-agii-sociaal-tolken", good.Module!.Pages[0].Html);
        var problem = Assert.Single(bad.Diagnostics, d => d.IsError);
        Assert.Equal(("01-pagina.md", 3, 5), (problem.Path, problem.Line, problem.Column));
        Assert.Contains("bestaat-niet", problem.Message);
    }
}
