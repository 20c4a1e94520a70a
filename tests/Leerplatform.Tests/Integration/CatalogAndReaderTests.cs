using System.Net;
using Leerplatform.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leerplatform.Tests.Integration;

public sealed class CatalogAndReaderTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task TheCatalogListsEveryValidModuleWithDurationInWords()
    {
        var document = await _client.GetDocumentAsync("/");

        var titles = document.QuerySelectorAll(".module-card-title a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("Basis: alle bouwstenen", "/modules/basis-module"), ("An English module", "/modules/english-module")], titles);
        Assert.Contains("± 15 minuten", document.QuerySelector(".module-card")!.TextContent);
        Assert.Equal("nl", document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task TheCatalogFiltersByAudienceAndCompetenceFromTheQueryString()
    {
        var byCompetence = await _client.GetDocumentAsync("/?competentie=C4");
        var byAudience = await _client.GetDocumentAsync("/?doelgroep=leidinggevende");

        Assert.Equal(2, byCompetence.QuerySelectorAll(".module-card").Length);
        Assert.Empty(byAudience.QuerySelectorAll(".module-card"));
        Assert.Contains("0 modules gevonden", byAudience.QuerySelector(".result-count")!.TextContent);
    }

    [Fact]
    public async Task APageRendersWithItsTitleTableOfContentsProgressAndContent()
    {
        var document = await _client.GetDocumentAsync("/modules/basis-module/tabellen");

        Assert.Equal("Tabellen en kaders", document.QuerySelector("h1")!.TextContent);
        Assert.Equal("Tabellen en kaders · Basis: alle bouwstenen · Leerplatform", document.Title);
        Assert.NotNull(document.QuerySelector(".page-content table"));
        Assert.Equal("Let op", document.QuerySelector(".callout-caution .callout-title")!.TextContent);
        Assert.Equal("/modules/basis-module/tabellen", document.QuerySelector(".reader-toc a[aria-current=page]")!.GetAttribute("href"));
        Assert.Equal("2", document.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("/modules/basis-module/inleiding", document.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.NotNull(document.QuerySelector("main#main"));
        Assert.NotNull(document.QuerySelector("nav[aria-label]"));
    }

    [Fact]
    public async Task TheModuleOverviewOffersToStartAtTheFirstPage()
    {
        var document = await _client.GetDocumentAsync("/modules/basis-module");

        Assert.Equal("/modules/basis-module/inleiding", document.QuerySelector(".actions a.button")!.GetAttribute("href"));
        Assert.Equal(2, document.QuerySelectorAll(".toc-list li").Length);
    }

    [Theory]
    [InlineData("/modules/bestaat-niet")]
    [InlineData("/modules/bestaat-niet/pagina")]
    [InlineData("/modules/basis-module/bestaat-niet")]
    [InlineData("/helemaal/niets")]
    public async Task UnknownModulesAndPagesAnswer404WithAHelpfulPage(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Terug naar de modules", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponsesCarryAContentSecurityPolicyThatForbidsInlineScript()
    {
        var response = await _client.GetAsync("/");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline' ;", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task ModuleImagesAreServedFromTheModuleFolderWithASandboxPolicy()
    {
        var document = await _client.GetDocumentAsync("/modules/basis-module/inleiding");
        var src = document.QuerySelector(".page-content img")!.GetAttribute("src")!;

        var response = await _client.GetAsync(src);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [InlineData("/modules/basis-module/bestanden/module.md")]
    [InlineData("/modules/basis-module/bestanden/..%2F..%2Fcompetenties.yml")]
    [InlineData("/modules/basis-module/bestanden/../engels/01-start.md")]
    [InlineData("/modules/basis-module/bestanden/afbeeldingen/weg.svg")]
    [InlineData("/modules/onbekend/bestanden/afbeeldingen/topoi.svg")]
    public async Task OnlyImagesAndDownloadsInsideTheModuleFolderAreServed(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
