using Leerplatform.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leerplatform.Testing;

/// <summary>
/// The real app on Kestrel at a free loopback port, over its own database and content folder: what browser
/// tests and browser measurements run against (WebApplicationFactory's in-memory server has no socket).
/// </summary>
public static class RealApp
{
    public static async Task<(WebApplication App, string BaseUrl)> StartAsync(TempDirectory temp, string contentPath, string environment, params string[] extraArgs)
    {
        var app = LeerplatformApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", environment,
            "--contentRoot", TestPaths.WebProject,
            "--applicationName", "Leerplatform.Web",
            "--Leerplatform:ContentPath", contentPath,
            "--Leerplatform:ThemesPath", TestPaths.Themes,
            "--Leerplatform:ConnectionString", $"Data Source={temp.Combine("leerplatform.db")}",
            "--Leerplatform:DataPath", temp.Combine("data"),
            "--Leerplatform:SeedDemoUsers", "true",
            "--Leerplatform:WatchContent", "false",
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ], builder =>
        {
            builder.WebHost.UseStaticWebAssets(); // assets from the build output, in any environment
            if (ServerLogFile.FromEnvironment("real-app") is { } log)
            {
                builder.Logging.AddProvider(log);
            }
        });
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, baseUrl);
    }

    /// <summary>A WebApplicationFactory configured like the other test hosts (own database, given content).</summary>
    public static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> InMemory(TempDirectory temp, string contentPath, string environment = "Production") =>
        new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseContentRoot(TestPaths.WebProject);
            builder.UseSetting("Leerplatform:ContentPath", contentPath);
            builder.UseSetting("Leerplatform:ThemesPath", TestPaths.Themes);
            builder.UseSetting("Leerplatform:ConnectionString", $"Data Source={temp.Combine("leerplatform.db")}");
            builder.UseSetting("Leerplatform:DataPath", temp.Combine("data"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        });
}
