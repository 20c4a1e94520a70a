using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the context factory over SQLite.</summary>
    public static IServiceCollection AddLeerplatformData(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextFactory<LeerplatformDbContext>(options => Configure(options, connectionString));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString)
            .AddInterceptors(SynchronousNormal.Instance)
            // Hand-written migrations have no model snapshot, so EF 9 would treat every Migrate() as having
            // pending model changes. The schema test (migrations == model) is the guard instead.
            .ConfigureWarnings(w => w.Log(RelationalEventId.PendingModelChangesWarning));

    /// <summary>
    /// WAL with synchronous=NORMAL: a commit no longer waits for an fsync of the log, only checkpoints do.
    /// Committed transactions survive a crash or kill of the app (the log is in the OS's hands); only a power
    /// loss or OS crash can undo the last moments, never corrupt the file. SQLite recommends this pairing.
    /// busy_timeout: a connection that finds the write lock taken waits inside SQLite (its busy handler retries
    /// after 1, 2, 5, 10 … ms, up to 5 s) instead of returning SQLITE_BUSY to Microsoft.Data.Sqlite, whose own
    /// retry loop sleeps 150 ms per attempt.
    /// </summary>
    private sealed class SynchronousNormal : DbConnectionInterceptor
    {
        public static readonly SynchronousNormal Instance = new();

        private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

        public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private static void Apply(System.Data.Common.DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

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
