using Leerplatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leerplatform.Tests.Support;

/// <summary>
/// The real app in memory (WebApplicationFactory) over its own SQLite file and a copy of a content fixture, so
/// tests can change content and data without touching the repository.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _temp = new("leerplatform-it");

    public AppFactory()
        : this("valid", watchContent: false)
    {
    }

    private AppFactory(string fixture, bool watchContent, string? databasePath = null, IReadOnlyDictionary<string, string>? settings = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        Logs = logs;
        Settings = settings ?? new Dictionary<string, string>();
        ContentPath = _temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, fixture), "content");
        DatabasePath = databasePath ?? _temp.Combine("leerplatform.db");
        WatchContent = watchContent;
    }

    /// <summary>An app over another fixture (xUnit class fixtures need a single public constructor).</summary>
    public static AppFactory For(string fixture, bool watchContent = false, string? databasePath = null, IReadOnlyDictionary<string, string>? settings = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        new(fixture, watchContent, databasePath, settings, logs) { Services_ = services };

    /// <summary>Replaces services after the app's own registrations (a manual clock, a fake).</summary>
    private Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services_ { get; init; }

    /// <summary>The app's data folder (keys, development mail, published module versions).</summary>
    public string DataPath => _temp.Combine("data");

    /// <summary>Receives every log message of the app (tests that prove secrets are never logged).</summary>
    private Microsoft.Extensions.Logging.ILoggerProvider? Logs { get; }

    /// <summary>Extra configuration ("Leerplatform:Xapi:PollInterval" = "00:00:00.2"), applied last.</summary>
    private IReadOnlyDictionary<string, string> Settings { get; }

    public string ContentPath { get; }

    public string DatabasePath { get; }

    private bool WatchContent { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Leerplatform:ContentPath", ContentPath);
        builder.UseSetting("Leerplatform:ThemesPath", TestPaths.Themes);
        builder.UseSetting("Leerplatform:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Leerplatform:DataPath", _temp.Combine("data"));
        builder.UseSetting("Leerplatform:SeedDemoUsers", "true");
        builder.UseSetting("Leerplatform:WatchContent", WatchContent ? "true" : "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Services_ is not null)
        {
            builder.ConfigureServices(Services_);
        }

        if (Logs is not null)
        {
            builder.ConfigureServices(services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, Logs));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
