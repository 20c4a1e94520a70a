using System.Net;
using System.Text;
using Leerplatform.Core.Content.Packages;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Workspace;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>The trainer workspace: drafts, publication as immutable versions, visibility per organisation, zips.</summary>
public sealed class WorkspaceTests
{
    private const string ModuleId = "eigen-tolkmodule";

    internal const string ModuleMd = """
        ---
        id: eigen-tolkmodule
        titel: "Eigen module: werken met een tolk"
        samenvatting: "Een module van de organisatie zelf."
        doelgroep: [professional]
        competenties: [C4]
        duur: 10
        taal: nl
        versie: 1.0.0
        ---
        Inleiding van de eigen module.
        """;

    internal const string CasePage = """
        ---
        titel: Casus
        scenario:
          id: eigen-casus
        ---
        # Casus

        ::: knoop begin
        Mevrouw S. spreekt weinig Nederlands.

        - [Je belt een professionele tolk.](#goed) | C4 +2
          > Goed: zo spreekt zij vrijuit.
        - [Je vraagt haar dochter.](#zwak) | C4 -2
          > Een kind als tolk belast het kind.
        :::

        ::: einde goed goed
        Je koos een tolk.
        :::

        ::: einde zwak zwak
        Je koos haar dochter.
        :::
        """;

    private sealed record Setup(AppFactory App, string Organisation, string Other, string Trainer, WorkspaceService Workspace);

    private static async Task<Setup> SetUpAsync()
    {
        var app = AppFactory.For("assessment-valid");
        var organisation = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var other = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        var trainer = await app.UserIdAsync("trainer@leerplatform.test");
        return new Setup(app, organisation, other, trainer, app.Services.GetRequiredService<WorkspaceService>());
    }

    private static IReadOnlyList<ModuleFile> Files(string intro = "# Inleiding\n\nEerste versie.\n", bool withCase = true)
    {
        var files = new List<ModuleFile> { ModuleFile.FromText("module.md", ModuleMd), ModuleFile.FromText("01-inleiding.md", intro) };
        if (withCase)
        {
            files.Add(ModuleFile.FromText("02-casus.md", CasePage));
        }

        return files;
    }

    private static async Task<string> PublishedModuleAsync(Setup s, string intro = "# Inleiding\n\nEerste versie.\n")
    {
        var ws = await s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Eigen module", ModuleId);
        await s.Workspace.SaveDraftAsync(s.Organisation, ws, s.Trainer, Files(intro));
        Assert.Equal(1, await s.Workspace.PublishAsync(s.Organisation, ws, s.Trainer, "eerste versie"));
        return ws;
    }

    private static async Task<HttpClient> SignedInAsync(AppFactory app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInAsync(email, password);
        return client;
    }

    private static DemoUserSeeder.DemoUser Demo(string email) => DemoUserSeeder.Users.Single(u => u.Email == email);

    [Fact]
    public async Task APublishedModuleIsVisibleToItsOrganisationOnlyAndADraftToNobody()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var ws = await s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Eigen module", ModuleId);
        await s.Workspace.SaveDraftAsync(s.Organisation, ws, s.Trainer, Files());
        var resolver = app.Services.GetRequiredService<ModuleResolver>();
        var learner = await app.UserIdAsync("leerling@leerplatform.test");
        var outsider = await app.UserIdAsync("leerling@anker.test");
        Assert.Null(await resolver.FindAsync(learner, ModuleId));

        await s.Workspace.PublishAsync(s.Organisation, ws, s.Trainer, null);

        Assert.Equal("1.0.0+1", (await resolver.FindAsync(learner, ModuleId))!.Module.Metadata.Version);
        Assert.Null(await resolver.FindAsync(outsider, ModuleId));
        Assert.Null(await resolver.FindAsync(null, ModuleId));

        var member = await SignedInAsync(app, Demo("leerling@leerplatform.test").Email, Demo("leerling@leerplatform.test").Password);
        var stranger = await SignedInAsync(app, Demo("leerling@anker.test").Email, Demo("leerling@anker.test").Password);
        var catalog = await member.GetDocumentAsync("/");
        Assert.Contains("Eigen module: werken met een tolk", catalog.Body!.TextContent);
        Assert.Equal([DemoUserSeeder.OrganisationName], catalog.QuerySelectorAll("[data-testid=module-publisher]").Select(e => e.TextContent));
        Assert.DoesNotContain("Eigen module: werken met een tolk", await stranger.GetStringAsync("/"));
        Assert.Contains("Eerste versie.", await member.GetStringAsync($"/modules/{ModuleId}/inleiding"));
        var refused = await stranger.GetAsync($"/modules/{ModuleId}/inleiding");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("Eerste versie.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/modules/{ModuleId}/inleiding")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/modules/{ModuleId}")).StatusCode);
    }

    [Fact]
    public async Task PublishingIsRefusedWhileTheDraftHasAnErrorAndTheMessageNamesFileLineAndColumn()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var ws = await s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Eigen module", ModuleId);
        var broken = CasePage.Replace("(#zwak)", "(#bestaat-niet)", StringComparison.Ordinal);
        await s.Workspace.SaveDraftAsync(s.Organisation, ws, s.Trainer, [ModuleFile.FromText("module.md", ModuleMd), ModuleFile.FromText("01-casus.md", broken)]);

        var refused = await Assert.ThrowsAsync<WorkspaceException>(() => s.Workspace.PublishAsync(s.Organisation, ws, s.Trainer, null));

        Assert.Equal("HasErrors", refused.Code);
        Assert.Matches("^01-casus\\.md:[0-9]+:[0-9]+: .*bestaat-niet", refused.Message);
        Assert.Empty(await s.Workspace.VersionsAsync(s.Organisation, ws));
    }

    [Fact]
    public async Task ALearnerMidAttemptKeepsTheirVersionWhileNewAttemptsGetTheNewest()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var ws = await PublishedModuleAsync(s);
        var resolver = app.Services.GetRequiredService<ModuleResolver>();
        var progress = app.Services.GetRequiredService<ProgressService>();
        var assessment = app.Services.GetRequiredService<AssessmentService>();
        var learner = await app.UserIdAsync("leerling@leerplatform.test");
        var newcomer = await app.UserIdAsync("leerling2@leerplatform.test");

        var v1 = (await resolver.FindAsync(learner, ModuleId))!.Module;
        await progress.RecordPageViewAsync(learner, v1, v1.Pages[0]);
        var run = await assessment.GetOrStartScenarioAsync(learner, v1, v1.FindPage("casus")!);

        // The trainer rewrites the introduction and publishes version 2 while the learner is mid-module.
        await s.Workspace.SaveDraftAsync(s.Organisation, ws, s.Trainer, Files("# Inleiding\n\nTweede versie, herschreven.\n"));
        Assert.Equal(2, await s.Workspace.PublishAsync(s.Organisation, ws, s.Trainer, "herschreven"));

        var mine = (await resolver.FindAsync(learner, ModuleId))!.Module;
        Assert.Equal("1.0.0+1", mine.Metadata.Version);
        Assert.Contains("Eerste versie.", mine.Pages[0].Html);
        var resumed = await assessment.GetOrStartScenarioAsync(learner, mine, mine.FindPage("casus")!);
        Assert.Equal(run.RunId, resumed.RunId);
        Assert.Contains("Tweede versie", (await resolver.FindAsync(newcomer, ModuleId))!.Module.Pages[0].Html);

        // Finishing the attempt (every page seen, the case played) ends the pin: the next visit is on version 2.
        await progress.RecordPageViewAsync(learner, mine, mine.Pages[1]);
        await assessment.ChooseAsync(learner, mine, mine.FindPage("casus")!, run.RunId, "begin-1", null, null);
        await assessment.ContinueAsync(learner, mine, mine.FindPage("casus")!, run.RunId);
        Assert.Equal("1.0.0+2", (await resolver.FindAsync(learner, ModuleId))!.Module.Metadata.Version);
        await using var db = await app.DbAsync();
        Assert.Equal("1.0.0+1", db.ScenarioRuns.Single(r => r.Id == run.RunId).ModuleVersion);
    }

    [Fact]
    public async Task ModuleIdsAreUniqueAcrossThePlatformAndOrganisations()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        await s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Eigen module", ModuleId);

        var platform = await Assert.ThrowsAsync<WorkspaceException>(() => s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Kopie", "toets-module"));
        var taken = await Assert.ThrowsAsync<WorkspaceException>(() => s.Workspace.CreateAsync(s.Other, s.Trainer, "Kopie", ModuleId));
        var invalid = await Assert.ThrowsAsync<WorkspaceException>(() => s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Kopie", "Met Spaties"));

        Assert.Equal("ModuleIdTaken", platform.Code);
        Assert.Equal("ModuleIdTaken", taken.Code);
        Assert.Equal("ModuleId", invalid.Code);
    }

    [Fact]
    public async Task AModuleTravelsAsAZipAndABadZipChangesNothing()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var ws = await PublishedModuleAsync(s);
        var (name, zip) = await s.Workspace.ExportAsync(s.Organisation, ws, null);
        Assert.Equal("eigen-tolkmodule-concept.zip", name);

        // Importing the same module again gives the same workspace module a new draft.
        var changed = ModulePackage.ToZip(ModuleId, Files("# Inleiding\n\nUit git.\n"));
        Assert.Equal(ws, await s.Workspace.ImportAsync(s.Organisation, s.Trainer, new MemoryStream(changed)));
        Assert.Contains("Uit git.", (await s.Workspace.GetDraftAsync(s.Organisation, ws)).Files.Single(f => f.Path == "01-inleiding.md").Text);

        // Another organisation cannot take the module over by importing its id.
        var takeover = await Assert.ThrowsAsync<WorkspaceException>(() => s.Workspace.ImportAsync(s.Other, s.Trainer, new MemoryStream(zip)));
        Assert.Equal("ModuleIdTaken", takeover.Code);
        var bad = await Assert.ThrowsAsync<WorkspaceException>(() => s.Workspace.ImportAsync(s.Organisation, s.Trainer, new MemoryStream(Encoding.UTF8.GetBytes("geen zip"))));
        Assert.Contains("geen geldig zip-bestand", bad.Message);
        Assert.Single(await s.Workspace.ListAsync(s.Organisation));
        Assert.Empty(await s.Workspace.ListAsync(s.Other));
    }

    [Fact]
    public async Task ZipsAndTheEditorAreForTheOrganisationsTrainersOnly()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var ws = await PublishedModuleAsync(s);
        var url = $"/api/org/{s.Organisation}/werkplaats/{ws}/versies/1.zip";
        var trainer = await SignedInAsync(app, Demo("trainer@leerplatform.test").Email, Demo("trainer@leerplatform.test").Password);
        var learner = await SignedInAsync(app, Demo("leerling@leerplatform.test").Email, Demo("leerling@leerplatform.test").Password);

        var zip = await trainer.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainer.GetAsync($"/api/org/{s.Organisation}/werkplaats/{ws}/versies/9.zip")).StatusCode);

        var editor = await trainer.GetStringAsync($"/org/{s.Organisation}/werkplaats/{ws}");
        Assert.Contains("id=\"editor\"", editor);
        Assert.Contains("Eigen module: werken met een tolk", await trainer.GetStringAsync($"/org/{s.Organisation}/werkplaats"));
        Assert.Equal(HttpStatusCode.Redirect, (await learner.GetAsync($"/org/{s.Organisation}/werkplaats/{ws}")).StatusCode);

        // A workspace id is looked up inside the organisation of the route only.
        await app.AddMemberAsync(s.Other, s.Trainer, OrganisationRoles.Trainer);
        var elsewhere = await trainer.GetAsync($"/org/{s.Other}/werkplaats/{ws}");
        Assert.DoesNotContain("id=\"editor\"", await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await trainer.GetAsync($"/api/org/{s.Other}/werkplaats/{ws}/concept.zip")).StatusCode);
    }

    [Fact]
    public async Task StatementsAboutAnOrganisationsModuleGoToThatOrganisationForAMemberOfSeveral()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        await PublishedModuleAsync(s);
        // Yusuf belongs to Het Anker first and joins De Brug later.
        var yusuf = await app.UserIdAsync("leerling@anker.test");
        await app.AddMemberAsync(s.Organisation, yusuf, OrganisationRoles.Learner);
        var resolver = app.Services.GetRequiredService<ModuleResolver>();
        var progress = app.Services.GetRequiredService<ProgressService>();
        var own = (await resolver.FindAsync(yusuf, ModuleId))!.Module;
        var platform = (await resolver.FindAsync(yusuf, "toets-module"))!.Module;

        await progress.RecordPageViewAsync(yusuf, own, own.Pages[0]);
        await progress.RecordPageViewAsync(yusuf, platform, platform.Pages[0]);

        await using var db = await app.DbAsync();
        var statements = db.XapiStatements.Where(x => x.UserId == yusuf).ToList();
        Assert.Contains(statements, x => x.ModuleId == ModuleId);
        Assert.All(statements.Where(x => x.ModuleId == ModuleId), x => Assert.Equal(s.Organisation, x.OrganisationId));
        Assert.All(statements.Where(x => x.ModuleId == "toets-module"), x => Assert.Equal(s.Other, x.OrganisationId));
    }

    [Fact]
    public async Task TheEditorPreviewGetsImagesFromTheSavedDraftForTrainersOnly()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var ws = await s.Workspace.CreateAsync(s.Organisation, s.Trainer, "Eigen module", ModuleId);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await s.Workspace.SaveDraftAsync(s.Organisation, ws, s.Trainer,
            [ModuleFile.FromText("module.md", ModuleMd), ModuleFile.FromText("01-inleiding.md", "# Inleiding\n\n![Een schema](afbeeldingen/schema.png)\n"), new ModuleFile("afbeeldingen/schema.png", png)]);
        var url = $"/api/org/{s.Organisation}/werkplaats/{ws}/concept/afbeeldingen/schema.png";
        var trainer = await SignedInAsync(app, Demo("trainer@leerplatform.test").Email, Demo("trainer@leerplatform.test").Password);
        var learner = await SignedInAsync(app, Demo("leerling@leerplatform.test").Email, Demo("leerling@leerplatform.test").Password);

        var image = await trainer.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        Assert.Contains("sandbox", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainer.GetAsync($"/api/org/{s.Organisation}/werkplaats/{ws}/concept/01-inleiding.md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainer.GetAsync($"/api/org/{s.Organisation}/werkplaats/{ws}/concept/..%2Fmodule.md")).StatusCode);
    }
}
