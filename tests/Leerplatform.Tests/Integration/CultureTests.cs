using System.Net;
using Leerplatform.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leerplatform.Tests.Integration;

public sealed class CultureTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient NewClient() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task TheLanguageSwitchStoresTheChoiceAndReturnsToThePage()
    {
        var client = NewClient();

        var response = await client.GetAsync("/cultuur/en?terug=%2Fmodules%2Fbasis-module");
        var english = await client.GetDocumentAsync("/modules/basis-module");
        await client.GetAsync("/cultuur/nl?terug=%2F");
        var dutch = await client.GetDocumentAsync("/modules/basis-module");

        Assert.Equal("/modules/basis-module", response.Headers.Location!.OriginalString);
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Start the module", english.QuerySelector(".actions a.button")!.TextContent);
        Assert.Contains("± 15 minutes", english.QuerySelector(".module-meta")!.TextContent);
        Assert.Equal("nl", dutch.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Start de module", dutch.QuerySelector(".actions a.button")!.TextContent);
    }

    [Fact]
    public async Task TheBrowserLanguageIsUsedUntilTheLearnerChooses()
    {
        var client = NewClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl-BE");

        var document = await client.GetDocumentAsync("/");

        Assert.Equal("nl-BE", document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task AnUnknownLanguageIsRefusedWithAReason()
    {
        var response = await NewClient().GetAsync("/cultuur/fr?terug=%2F");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'fr' wordt niet ondersteund", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task TheLanguageSwitchNeverRedirectsToAnotherSite(string target)
    {
        var response = await NewClient().GetAsync($"/cultuur/en?terug={Uri.EscapeDataString(target)}");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}
