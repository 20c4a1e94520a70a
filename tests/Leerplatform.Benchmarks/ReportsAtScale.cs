using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Benchmarks;

/// <summary>
/// The organisation reports at scale (issue 6): one organisation of 5,000 learners × 20 modules (progress rows,
/// first and second quiz attempts with their answer log, case decisions, competence summaries) plus a second
/// organisation of the same size whose data must be skipped. Times each report for one module (what the page
/// shows) and for all modules (the CSV without a module), cold (first call after filling) and warm (median of
/// five), and prints peak working set and managed heap.
/// Run: <c>dotnet run -c Release --project tests/Leerplatform.Benchmarks -- reports [learners] [modules]</c>.
/// </summary>
public static class ReportsAtScale
{
    private const int Questions = 10;

    public static async Task RunAsync(int learners, int modules)
    {
        using var temp = new TempDirectory("leerplatform-reports");
        var contentRoot = temp.Combine("content");
        WriteContent(contentRoot, modules);
        var library = ContentLoader.Load(contentRoot);
        Console.WriteLine($"Content: {library.Modules.Count} modules, {library.Diagnostics.Count(d => d.IsError)} errors {string.Join("; ", library.Diagnostics.Where(d => d.IsError).Take(3).Select(d => d.Message))}");

        var connectionString = $"Data Source={temp.Combine("reports.db")}";
        var options = new DbContextOptionsBuilder<LeerplatformDbContext>();
        DataServiceCollectionExtensions.Configure(options, connectionString);
        var factory = new SimpleFactory(options.Options);
        await DataServiceCollectionExtensions.MigrateAsync(factory);
        string organisation;
        string other;
        await using (var db = factory.CreateDbContext())
        {
            var a = new Organisation { Name = "Schaal", CreatedAtUtc = DateTime.UtcNow };
            var b = new Organisation { Name = "Ander", CreatedAtUtc = DateTime.UtcNow };
            db.Organisations.AddRange(a, b);
            await db.SaveChangesAsync();
            (organisation, other) = (a.Id, b.Id);
        }

        var fill = Stopwatch.StartNew();
        var rows = await FillAsync(connectionString, library, organisation, other, learners);
        Console.WriteLine($"Filled 2 × {learners:N0} learners × {library.Modules.Count} modules: {rows:N0} rows in {fill.Elapsed.TotalSeconds:0.0} s; database {new FileInfo(temp.Combine("reports.db")).Length / 1024.0 / 1024.0:0} MB");

        var service = new ReportService(factory, TimeProvider.System);
        var one = new ReportFilter(library.Modules[0].Id, null, null);
        var all = new ReportFilter(null, null, null);
        var reports = new (string Name, Func<Task<int>> Run)[]
        {
            ("progress, one module", async () => (await service.ProgressAsync(organisation, one, library)).Rows.Count),
            ("progress, all modules", async () => (await service.ProgressAsync(organisation, all, library)).Rows.Count),
            ("competences, one module", async () => (await service.CompetencesAsync(organisation, one, library)).Rows.Count),
            ("competences, all", async () => (await service.CompetencesAsync(organisation, all, library)).Rows.Count),
            ("items, one module", async () => (await service.ItemsAsync(organisation, one, library)).AnalysedAttempts),
            ("items, all modules", async () => (await service.ItemsAsync(organisation, all, library)).AnalysedAttempts),
            ("decisions, one module", async () => (await service.DecisionsAsync(organisation, one, library)).Sum(d => d.Learners)),
            ("decisions, all modules", async () => (await service.DecisionsAsync(organisation, all, library)).Sum(d => d.Learners)),
        };

        foreach (var (name, run) in reports)
        {
            var cold = Stopwatch.StartNew();
            var size = await run();
            cold.Stop();
            var warm = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                warm.Add(watch.Elapsed.TotalMilliseconds);
            }

            warm.Sort();
            Console.WriteLine($"  {name,-26} cold {cold.Elapsed.TotalMilliseconds,8:0} ms   warm median {warm[2],8:0} ms (min {warm[0]:0}, max {warm[4]:0})   size {size:N0}");
        }

        // A/B within this run, because the shared VM's load changes from run to run: the decision report without
        // the report index, and the attempt states read whole instead of only their item points.
        await Exec(connectionString, "DROP INDEX IX_LearnerResponses_UserId_Kind_ModuleId;");
        Console.WriteLine($"  without index: decisions, one module {await MedianAsync(() => service.DecisionsAsync(organisation, one, library)):0} ms, " +
                          $"all modules {await MedianAsync(() => service.DecisionsAsync(organisation, all, library)):0} ms");
        await Exec(connectionString, "CREATE INDEX IX_LearnerResponses_UserId_Kind_ModuleId ON LearnerResponses (UserId, Kind, ModuleId);");
        Console.WriteLine($"  with index:    decisions, one module {await MedianAsync(() => service.DecisionsAsync(organisation, one, library)):0} ms, " +
                          $"all modules {await MedianAsync(() => service.DecisionsAsync(organisation, all, library)):0} ms");
        List<string> states;
        await using (var db = factory.CreateDbContext())
        {
            states = await db.QuizAttempts.Where(a => a.ModuleId == library.Modules[0].Id && a.SubmittedAtUtc != null).Select(a => a.StateJson).ToListAsync();
        }

        var graded = Enumerable.Range(1, Questions).Select(q => $"v{q}").ToHashSet();
        Console.WriteLine($"  {states.Count:N0} attempt states: item points only {await MedianAsync(() => Task.FromResult(states.Sum(j => ReportService.ItemScores(j, graded).Count))):0} ms, " +
                          $"whole state {await MedianAsync(() => Task.FromResult(states.Sum(j => JsonSerializer.Deserialize<QuizAttemptState>(j, AssessmentService.Json)!.Items.Count))):0} ms");

        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"Peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB; managed heap after {GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0:0} MB; " +
                          $"total allocated {GC.GetTotalAllocatedBytes() / 1024.0 / 1024.0:0} MB");
        SqliteConnection.ClearAllPools();
    }

    /// <summary>N modules, each with a quiz of ten single-choice questions and a case with one decision of three choices.</summary>
    private static void WriteContent(string root, int modules)
    {
        Directory.CreateDirectory(Path.Combine(root, "modules"));
        File.WriteAllText(Path.Combine(root, "competenties.yml"),
            "competenties:\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"  - code: C{i}\n    naam: Competentie {i}\n    omschrijving: Omschrijving {i}.\n")));
        for (var m = 1; m <= modules; m++)
        {
            var folder = Path.Combine(root, "modules", $"r{m:00}");
            Directory.CreateDirectory(folder);
            var c1 = 1 + (m % 8);
            var c2 = 1 + ((m + 3) % 8);
            File.WriteAllText(Path.Combine(folder, "module.md"),
                $"---\nid: r{m:00}\ntitel: \"Module {m}\"\nsamenvatting: \"Meetmodule.\"\ndoelgroep: [professional]\ncompetenties: [C{c1}, C{c2}]\nduur: 20\ntaal: nl\nversie: 1.0.0\n---\nInleiding.\n");
            var quiz = new StringBuilder("---\ntitel: Toets\ntoets:\n  id: toets\n  feedback: direct\n  slaaggrens: 70\n  pogingen: 2\n---\n# Toets\n\n");
            for (var q = 1; q <= Questions; q++)
            {
                quiz.Append($"::: vraag v{q} enkelvoudig competenties=C{c1}\nVraag {q}?\n\n- [ ] Antwoord A\n  > Niet juist.\n- [x] Antwoord B\n  > Juist.\n:::\n\n");
            }

            File.WriteAllText(Path.Combine(folder, "01-toets.md"), quiz.ToString());
            File.WriteAllText(Path.Combine(folder, "02-casus.md"), $"""
                ---
                titel: Casus
                scenario:
                  id: casus
                  banden:
                    goed: 2
                    voldoende: 0
                ---
                # Casus

                ::: knoop begin
                Een cliënt spreekt weinig Nederlands.

                - [Je regelt een tolk.](#slot) | C{c2} +2
                  > Goed.
                - [Je praat trager.](#slot) | C{c2} +1
                  > Soms genoeg.
                - [Je laat de dochter tolken.](#slot-zwak) | C{c2} -2
                  > Liever niet.
                :::

                ::: einde slot score
                Nabespreking.
                :::

                ::: einde slot-zwak zwak
                De dochter nam het over.
                :::
                """);
        }
    }

    /// <summary>Raw SQL in one transaction with multi-row inserts, per learner.</summary>
    private static async Task<long> FillAsync(string connectionString, ContentLibrary library, string organisation, string other, int learners)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, null, "PRAGMA synchronous=OFF;");
        await using var transaction = connection.BeginTransaction();
        var random = new SeededRandom(6);
        var now = DateTime.UtcNow;
        long rows = 0;
        static string T(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        static string Q(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        for (var u = 0; u < 2 * learners; u++)
        {
            var userId = $"u{u:D6}";
            var org = u < learners ? organisation : other;
            await Exec(connection, transaction,
                "INSERT INTO Users (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, DisplayName, SecurityStamp, ConcurrencyStamp, LockoutEnabled, AccessFailedCount, CreatedAtUtc) " +
                $"VALUES ('{userId}', '{userId}', '{userId.ToUpperInvariant()}', '{userId}@x', '{userId.ToUpperInvariant()}@X', 1, 'Lerende {u:D6}', 's', 'c', 1, 0, '{T(now)}');" +
                $"INSERT INTO OrganisationMembers (OrganisationId, UserId, Role, JoinedAtUtc) VALUES ('{org}', '{userId}', 'learner', '{T(now)}');");
            var progress = new StringBuilder();
            var attempts = new StringBuilder();
            var responses = new StringBuilder();
            foreach (var module in library.Modules)
            {
                if (random.Next(10) < 2)
                {
                    continue;
                }

                var started = now.AddDays(-random.Next(300)).AddMinutes(-random.Next(1000));
                var skill = random.Next(100);
                var passed = false;
                for (var attempt = 1; attempt <= 1 + random.Next(2); attempt++)
                {
                    var attemptId = Guid.NewGuid();
                    var items = new Dictionary<string, ItemState>();
                    var order = new List<string>();
                    var at = started.AddMinutes(attempt * 10);
                    for (var q = 1; q <= Questions; q++)
                    {
                        var right = random.Next(100) < skill + (q * 3) - 15;
                        var id = $"v{q}";
                        order.Add(id);
                        items[id] = new ItemState(new ItemResponse([right ? "b" : "a"]), 1, true, true, right ? 1 : 0, 1, right);
                        responses.Append(responses.Length == 0 ? string.Empty : ",")
                            .Append($"('{userId}','{module.Id}','toets','{attemptId.ToString().ToUpperInvariant()}','answer','{id}','{{\"selected\":[\"{(right ? "b" : "a")}\"]}}',{(right ? 1 : 0)},{(right ? 1 : 0)},1,'{T(at.AddSeconds(q))}')");
                    }

                    var points = items.Values.Sum(i => i.Points);
                    passed |= points >= 7;
                    var state = new QuizAttemptState("toets", attempt, attempt, order, new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, IReadOnlyList<string>>(), items, true);
                    attempts.Append(attempts.Length == 0 ? string.Empty : ",")
                        .Append($"('{attemptId.ToString().ToUpperInvariant()}','{userId}','{module.Id}','1.0.0','toets','toets',{attempt},{Q(JsonSerializer.Serialize(state, AssessmentService.Json))},'{T(at)}','{T(at.AddMinutes(5))}','{T(at.AddMinutes(5))}',{points * 10},{(points >= 7 ? 1 : 0)},{Questions})");
                    responses.Append($",('{userId}','{module.Id}','toets','{attemptId.ToString().ToUpperInvariant()}','submit','toets','{{}}',{(points >= 7 ? 1 : 0)},{points},{Questions},'{T(at.AddMinutes(5))}')");
                }

                var choice = 1 + random.Next(3);
                responses.Append($",('{userId}','{module.Id}','casus','{Guid.NewGuid().ToString().ToUpperInvariant()}','decision','begin','{{\"nodeId\":\"begin\",\"choiceId\":\"begin-{choice}\"}}',NULL,{(choice == 3 ? -2 : choice == 2 ? 1 : 2)},NULL,'{T(started.AddMinutes(40))}')");
                var completed = random.Next(3) > 0;
                progress.Append(progress.Length == 0 ? string.Empty : ",")
                    .Append($"('{userId}','{module.Id}','1.0.0','casus','{T(started)}','{T(started.AddMinutes(45))}',{(completed ? Q(T(started.AddMinutes(45))) : "NULL")},{(completed && passed ? Q(T(started.AddMinutes(45))) : "NULL")},'{Guid.NewGuid().ToString().ToUpperInvariant()}',0)");
            }

            var summaries = new StringBuilder();
            for (var c = 1; c <= 8; c++)
            {
                var window = Enumerable.Range(0, random.Next(13))
                    .Select(i => new WindowItem(i, i % 3 == 0 ? EvidenceKind.Decision : EvidenceKind.Knowledge, random.Next(5) - 2, $"a{i % 4}", now.AddDays(-random.Next(200))))
                    .ToList();
                var state = new CompetenceState(window, null, null, random.Next(20) == 0 ? ProficiencyLevel.Voortrekker : null, null);
                summaries.Append(c == 1 ? string.Empty : ",").Append($"('{userId}','C{c}',{Q(JsonSerializer.Serialize(state, AssessmentService.Json))},0,'{T(now)}')");
            }

            if (progress.Length > 0)
            {
                await Exec(connection, transaction,
                    $"INSERT INTO ModuleProgress (UserId, ModuleId, ModuleVersion, CurrentPageId, StartedAtUtc, LastVisitedAtUtc, CompletedAtUtc, PassedAtUtc, Registration, Suspended) VALUES {progress};" +
                    $"INSERT INTO QuizAttempts (Id, UserId, ModuleId, ModuleVersion, PageId, QuizId, AttemptNumber, StateJson, StartedAtUtc, UpdatedAtUtc, SubmittedAtUtc, Percent, Passed, Revision) VALUES {attempts};" +
                    $"INSERT INTO LearnerResponses (UserId, ModuleId, ActivityId, AttemptId, Kind, ItemId, ResponseJson, Correct, Points, MaxPoints, AtUtc) VALUES {responses};");
            }

            await Exec(connection, transaction, $"INSERT INTO CompetenceSummaries (UserId, Competence, StateJson, LastEvidenceId, UpdatedAtUtc) VALUES {summaries};");
            rows += 2 + 8 + progress.ToString().Split("),(").Length * 14;
        }

        await transaction.CommitAsync();
        await Exec(connection, null, "ANALYZE;");
        return rows;
    }

    private static async Task<double> MedianAsync<T>(Func<Task<T>> run)
    {
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[2];
    }

    private static async Task Exec(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, null, sql);
    }

    private static async Task Exec(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class SimpleFactory(DbContextOptions<LeerplatformDbContext> options) : IDbContextFactory<LeerplatformDbContext>
    {
        public LeerplatformDbContext CreateDbContext() => new(options);
    }
}
