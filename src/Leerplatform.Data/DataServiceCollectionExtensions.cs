using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the context factory over SQLite. Pooled: every learner action creates a few short-lived contexts,
    /// and reusing them skips building each one's internal services (issue 8). The context keeps no state of its
    /// own between uses (see <see cref="LeerplatformDbContext"/>'s Dispose).
    /// </summary>
    public static IServiceCollection AddLeerplatformData(this IServiceCollection services, string connectionString)
    {
        services.AddPooledDbContextFactory<LeerplatformDbContext>(options => Configure(options, connectionString));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString)
            .AddInterceptors(SqliteWriteGate.Instance, DirectoryVersion.CommitInterceptor.Instance)
            // Hand-written migrations have no model snapshot, so EF 9 would treat every Migrate() as having
            // pending model changes. The schema test (migrations == model) is the guard instead.
            .ConfigureWarnings(w => w.Log(RelationalEventId.PendingModelChangesWarning));

    /// <summary>Creates the folder, applies migrations and switches the file to WAL (readers never block the writer).</summary>
    public static async Task MigrateAsync(IDbContextFactory<LeerplatformDbContext> contexts, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
