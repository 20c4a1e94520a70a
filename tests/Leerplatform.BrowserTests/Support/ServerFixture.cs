using Leerplatform.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests.Support;

/// <summary>
/// The real app on a free loopback port (Kestrel, not a test server), over its own SQLite file and a copy of
/// the real curriculum, plus one headless Debian Chromium shared by the tests of the collection.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _temp = new("leerplatform-browser");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ContentPath { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The running app's services (tests that seed records the UI cannot create quickly).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        ContentPath = _temp.CopyFrom(TestPaths.RealContent, "content");
        // Plus the assessment fixture module: a quiz and a case whose answers the tests know.
        _temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "assessment-valid", "modules", "toets"), Path.Combine("content", "modules", "zz-toets-fixture"));
        // And a two-page module with one case: the xAPI journey completes it.
        _temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "xapi-journey", "modules", "casus-journey"), Path.Combine("content", "modules", "zz-casus-journey"));
        (_app, BaseUrl) = await RealApp.StartAsync(_temp, ContentPath, environment: "Development");

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install -y chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser profile (no cookies), Dutch by default like a Flemish or Dutch browser.</summary>
    public async Task<IPage> NewPageAsync(string locale = "nl-BE")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = locale });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
