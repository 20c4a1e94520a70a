using System.Net;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leerplatform.Tests.Integration;

/// <summary>A broken module never takes the site down; trainers see why it is missing.</summary>
public sealed class ContentProblemsTests
{
    [Fact]
    public async Task ABrokenModuleIsLeftOutWhileTheRestOfTheSiteWorks()
    {
        using var app = AppFactory.For("missing-image");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var catalog = await client.GetDocumentAsync("/");
        var broken = await client.GetAsync("/modules/beeld");

        Assert.Equal(["ander"], catalog.QuerySelectorAll(".module-card-title a").Select(a => a.GetAttribute("href")!.Split('/')[^1]));
        Assert.Equal(HttpStatusCode.NotFound, broken.StatusCode);
    }

    [Fact]
    public async Task TrainersSeeEveryProblemWithItsLocationLearnersDoNot()
    {
        using var app = AppFactory.For("missing-image");
        var trainer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var learner = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await trainer.SignInAsync(DemoUserSeeder.Users[1].Email, DemoUserSeeder.Users[1].Password);
        await learner.SignInAsync(DemoUserSeeder.Users[0].Email, DemoUserSeeder.Users[0].Password);

        var page = await trainer.GetDocumentAsync("/beheer/inhoud");
        var refused = await learner.GetAsync("/beheer/inhoud");

        var locations = page.QuerySelectorAll("tbody td code").Select(c => c.TextContent).ToList();
        Assert.Contains("modules/beeld/01-pagina.md:3:1", locations);
        Assert.Equal(5, locations.Count);
        Assert.Contains("beeld", page.QuerySelector("#skipped-title + ul")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/geen-toegang", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task WithWatchingOnAnEditShowsOnTheNextPageLoad()
    {
        using var app = AppFactory.For("valid", watchContent: true);
        var client = app.CreateClient();
        var before = await client.GetDocumentAsync("/modules/basis-module/tabellen");
        Assert.DoesNotContain("Nieuwe zin", before.QuerySelector(".page-content")!.TextContent);

        var file = Path.Combine(app.ContentPath, "modules", "basis", "02-tabellen.md");
        await File.AppendAllTextAsync(file, "\nNieuwe zin na een wijziging.\n");

        // The file watcher reports asynchronously; the very next load after it fired must show the edit.
        string text = string.Empty;
        for (var attempt = 0; attempt < 50 && !text.Contains("Nieuwe zin", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            text = (await client.GetDocumentAsync("/modules/basis-module/tabellen")).QuerySelector(".page-content")!.TextContent;
        }

        Assert.Contains("Nieuwe zin na een wijziging.", text);
    }

    [Fact]
    public async Task WithoutAContentFolderTheSiteStillStartsAndSaysSo()
    {
        using var app = AppFactory.For("valid");
        Directory.Delete(app.ContentPath, recursive: true);
        var client = app.CreateClient();

        var document = await client.GetDocumentAsync("/");

        Assert.Empty(document.QuerySelectorAll(".module-card"));
        Assert.Contains("0 modules gevonden", document.QuerySelector(".result-count")!.TextContent);
    }
}
