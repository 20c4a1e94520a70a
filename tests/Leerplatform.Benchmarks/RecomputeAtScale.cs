using System.Diagnostics;
using System.Text;
using Leerplatform.Data;
using Leerplatform.Testing;
using Leerplatform.Web.Services;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Full recomputation of competence levels at scale (issue 4 target: 10,000 learners × 200 evidence records in
/// under 10 s): fills a fresh SQLite database, then times <see cref="CompetenceService.RecomputeAllAsync"/> three
/// times and reports the median and the process's peak memory.
/// Run: <c>dotnet run -c Release --project tests/Leerplatform.Benchmarks -- recompute-scale [learners] [perLearner]</c>.
/// </summary>
public static class RecomputeAtScale
{
    public static async Task RunAsync(int learners, int perLearner)
    {
        using var temp = new TempDirectory("leerplatform-scale");
        var connectionString = $"Data Source={temp.Combine("scale.db")}";
        var options = new DbContextOptionsBuilder<LeerplatformDbContext>();
        DataServiceCollectionExtensions.Configure(options, connectionString);
        var factory = new SimpleFactory(options.Options);
        await DataServiceCollectionExtensions.MigrateAsync(factory);

        var fill = Stopwatch.StartNew();
        await FillAsync(connectionString, learners, perLearner);
        Console.WriteLine($"Filled {learners:N0} learners × {perLearner} evidence = {(long)learners * perLearner:N0} records in {fill.Elapsed.TotalSeconds:0.0} s");

        var service = new CompetenceService(factory, TimeProvider.System,
            new Leerplatform.Web.Services.Xapi.XapiRecorder(Microsoft.Extensions.Options.Options.Create(new Leerplatform.Web.Services.Xapi.XapiOptions()), new Leerplatform.Web.Services.Xapi.XapiOutboxSignal()));
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var result = await service.RecomputeAllAsync();
            times.Add(result.Elapsed.TotalSeconds);
            Console.WriteLine($"  run {run + 1}: {result.Elapsed.TotalSeconds:0.00} s, {result.Summaries:N0} summaries, {result.Evidence:N0} evidence, {result.Changed:N0} changed");
        }

        times.Sort();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"Recompute median {times[1]:0.00} s (min {times[0]:0.00}, max {times[2]:0.00}); peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB; " +
                          $"managed heap after {GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0:0} MB");
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Raw SQL in one transaction with multi-row inserts: setting up 2 million rows must not take minutes.</summary>
    private static async Task FillAsync(string connectionString, int learners, int perLearner)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = connection.BeginTransaction();
        var now = DateTime.UtcNow;
        var random = new Leerplatform.Core.Assessment.SeededRandom(11);
        for (var u = 0; u < learners; u++)
        {
            var userId = $"u{u:D6}";
            await using (var user = connection.CreateCommand())
            {
                user.Transaction = transaction;
                user.CommandText = "INSERT INTO Users (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, DisplayName, SecurityStamp, ConcurrencyStamp, LockoutEnabled, AccessFailedCount, CreatedAtUtc) " +
                                   $"VALUES ('{userId}', '{userId}', '{userId.ToUpperInvariant()}', '{userId}@x', '{userId.ToUpperInvariant()}@X', 1, 'L', 's', 'c', 1, 0, '{now:yyyy-MM-dd HH:mm:ss}')";
                await user.ExecuteNonQueryAsync();
            }

            var sql = new StringBuilder("INSERT INTO CompetenceEvidence (UserId, Competence, Kind, Score, Level, ModuleId, ActivityId, PageId, ItemId, AtUtc) VALUES ");
            for (var i = 0; i < perLearner; i++)
            {
                var kind = random.Next(10) switch { < 5 => "knowledge", < 9 => "decision", _ => "self" };
                var score = kind == "self" ? 0 : random.Next(5) - 2;
                var level = kind == "self" ? random.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL";
                var at = now.AddDays(-random.Next(900)).AddSeconds(i);
                sql.Append(i == 0 ? string.Empty : ",")
                    .Append($"('{userId}','C{1 + random.Next(8)}','{kind}',{score},{level},'m','a{random.Next(6)}','p','i','{at:yyyy-MM-dd HH:mm:ss}')");
            }

            await using var evidence = connection.CreateCommand();
            evidence.Transaction = transaction;
            evidence.CommandText = sql.ToString();
            await evidence.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private sealed class SimpleFactory(DbContextOptions<LeerplatformDbContext> options) : IDbContextFactory<LeerplatformDbContext>
    {
        public LeerplatformDbContext CreateDbContext() => new(options);
    }
}
