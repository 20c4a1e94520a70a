using Leerplatform.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services;

/// <summary>
/// Runs before the web server accepts requests (StartingAsync): migrates the database, loads content, seeds
/// demo users where configured. After start it prints the address, so `dotnet run` tells people where to go.
/// A hosted service rather than code in Program.cs so tests that host the app get exactly the same start-up.
/// </summary>
public sealed class StartupTasks(
    IServiceProvider services,
    IDbContextFactory<LeerplatformDbContext> contexts,
    ContentCatalog catalog,
    IOptions<LeerplatformOptions> options,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await DataServiceCollectionExtensions.MigrateAsync(contexts, cancellationToken);
        _ = catalog.Current;
        if (options.Value.SeedDemoUsers)
        {
            await DemoUserSeeder.SeedAsync(services, logger);
        }

        lifetime.ApplicationStarted.Register(PrintAddresses);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintAddresses()
    {
        var library = catalog.Current;
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            Console.WriteLine($"Leerplatform draait op {address}  ({library.Modules.Count} modules geladen, {library.Skipped.Count} overgeslagen door fouten)");
        }
    }
}
