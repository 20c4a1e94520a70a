using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Web.Services.Xapi;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Load measurements of the statement endpoint and the export, against the real app on Kestrel (loopback):
/// <c>… -- xapi-ingest [seconds] [clients]</c>: POST /xapi/statements in batches of 50 from concurrent clients;
/// <c>… -- xapi-export [statements]</c>: NDJSON export of N statements, with the process's peak memory.
/// </summary>
public static class XapiAtScale
{
    public static async Task IngestAsync(int seconds, int clients)
    {
        using var temp = new TempDirectory("leerplatform-ingest");
        var (app, baseUrl) = await RealApp.StartAsync(temp, Path.Combine(TestPaths.ContentFixtures, "valid"), "Production");
        await using (app)
        {
            var (_, key, secret) = await OrganisationAsync(app.Services);
            var template = XapiBenchmarks.Typical.Replace("\"id\":\"6f1c2a5e-3b4d-4c8e-9a7b-1d2e3f4a5b6c\",", string.Empty, StringComparison.Ordinal)
                .Replace("\n", string.Empty, StringComparison.Ordinal);
            var body = "[" + string.Join(",", Enumerable.Repeat(template, 50)) + "]";
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));
            http.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");

            async Task<int> PostAsync()
            {
                using var response = await http.PostAsync("/xapi/statements", new StringContent(body, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                return 50;
            }

            for (var i = 0; i < 20; i++)
            {
                await PostAsync(); // warm-up: JIT, SQLite page cache
            }

            var latencies = new List<double>();
            var stored = 0L;
            var clock = Stopwatch.StartNew();
            var until = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                while (clock.Elapsed < until)
                {
                    var start = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref stored, await PostAsync());
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }));
            var elapsed = clock.Elapsed.TotalSeconds;
            latencies.Sort();
            Console.WriteLine($"Ingest, batches of 50, {clients} clients, {elapsed:0.0} s: {stored:N0} statements, {stored / elapsed:N0} statements/s");
            Console.WriteLine($"  per batch: p50 {latencies[latencies.Count / 2]:0.0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:0.0} ms, max {latencies[^1]:0.0} ms");
        }
    }

    public static async Task ExportAsync(int count)
    {
        using var temp = new TempDirectory("leerplatform-export");
        var (app, baseUrl) = await RealApp.StartAsync(temp, Path.Combine(TestPaths.ContentFixtures, "valid"), "Production");
        await using (app)
        {
            var (organisation, _, _) = await OrganisationAsync(app.Services);
            var admin = await AdminAsync(app.Services, organisation);
            var fill = Stopwatch.StartNew();
            await FillAsync(temp.Combine("leerplatform.db"), organisation, count);
            Console.WriteLine($"Filled {count:N0} statements in {fill.Elapsed.TotalSeconds:0.0} s (database {new FileInfo(temp.Combine("leerplatform.db")).Length / 1024.0 / 1024:N0} MB)");

            using var handler = new HttpClientHandler { UseCookies = true };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
            await SignInAsync(http, admin);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.WorkingSet64;
            var peak = before;
            var managedPeak = GC.GetTotalMemory(false);
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
                    await Task.Delay(50);
                }
            });

            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/api/org/{organisation}/export/statements.ndjson", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            long bytes = 0, lines = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            var elapsed = clock.Elapsed;
            await sampling.CancelAsync();
            await sampler;
            Console.WriteLine($"NDJSON export of {lines:N0} statements ({bytes / 1024.0 / 1024:N0} MB) in {elapsed.TotalSeconds:0.0} s = {lines / elapsed.TotalSeconds:N0} statements/s");
            Console.WriteLine($"  process working set: {before / 1024.0 / 1024:N0} MB before, peak {peak / 1024.0 / 1024:N0} MB (+{(peak - before) / 1024.0 / 1024:N0} MB); managed heap peak {managedPeak / 1024.0 / 1024:N0} MB");
        }
    }

    private static async Task<(string Organisation, string Key, string Secret)> OrganisationAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();
        var organisation = new Organisation { Name = "Meting", CreatedAtUtc = DateTime.UtcNow };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
        var (key, secret) = await services.GetRequiredService<XapiCredentials>().CreateAsync(organisation.Id, "meting", canWrite: true);
        return (organisation.Id, key, secret);
    }

    private static async Task<string> AdminAsync(IServiceProvider services, string organisation)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = new AppUser { UserName = "export@example.org", Email = "export@example.org", DisplayName = "Export" };
        await users.CreateAsync(user, "een lang wachtwoord");
        await using var db = await services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();
        db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisation, UserId = user.Id, Role = OrganisationRoles.Admin, JoinedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return user.Email;
    }

    /// <summary>Bulk insert straight into SQLite (the endpoint's own speed is what xapi-ingest measures).</summary>
    private static async Task FillAsync(string database, string organisation, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO XapiStatements (OrganisationId, StatementId, VerbId, ActorKey, ObjectActivityId, TimestampUtc, StoredUtc, Voided, UserId, ModuleId, Json)
            VALUES ($org, $id, 'http://adlnet.gov/expapi/verbs/answered', 'account:x', 'https://example.org/q', $at, $at, 0, 'u', 'm', $json)
            """;
        var org = command.Parameters.Add("$org", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var json = command.Parameters.Add("$json", SqliteType.Text);
        org.Value = organisation;
        var template = XapiBenchmarks.Typical.Replace("\n", string.Empty, StringComparison.Ordinal);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var guid = Guid.NewGuid();
            id.Value = guid.ToString().ToUpperInvariant();
            at.Value = start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            json.Value = template.Replace("6f1c2a5e-3b4d-4c8e-9a7b-1d2e3f4a5b6c", guid.ToString(), StringComparison.Ordinal);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task SignInAsync(HttpClient http, string email)
    {
        var form = await http.GetStringAsync("/account/inloggen");
        var input = System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*__RequestVerificationToken[^>]*>").Value;
        var token = System.Text.RegularExpressions.Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await http.PostAsync("/account/inloggen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = "een lang wachtwoord",
        }));
        response.EnsureSuccessStatusCode();
    }
}
