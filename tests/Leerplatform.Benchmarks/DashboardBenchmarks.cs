using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Benchmarks;

/// <summary>
/// "Mijn competenties" for a learner with 2,000 pieces of evidence: the service call that gathers standings and
/// recent evidence, and the whole prerendered page over HTTP (in-memory server, signed-in learner).
/// </summary>
[Config(typeof(InProcessConfig))]
public partial class DashboardBenchmarks
{
    private TempDirectory? _temp;
    private WebApplicationFactory<Program>? _factory;
    private HttpClient? _client;
    private CompetenceService _service = default!;
    private Leerplatform.Core.Content.ContentLibrary _library = default!;
    private string _userId = string.Empty;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    // Synchronous on purpose: the in-process toolchain does not await an async [GlobalSetup].
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _temp = new TempDirectory("leerplatform-bench");
        _factory = RealApp.InMemory(_temp, TestPaths.RealContent);
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "dashboard@example.org", Email = "dashboard@example.org", DisplayName = "Dashboard" };
            await users.CreateAsync(user, "een lang wachtwoord");
            _userId = user.Id;
        }

        // 2,000 pieces of evidence through the real incremental path, 20 at a time.
        var random = new Leerplatform.Core.Assessment.SeededRandom(3);
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>();
        for (var batch = 0; batch < 100; batch++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var evidence = Enumerable.Range(0, 20).Select(i => new CompetenceEvidence
            {
                UserId = _userId, Competence = $"C{1 + random.Next(8)}", Kind = random.Next(2) == 0 ? "knowledge" : "decision", Score = random.Next(5) - 2,
                ModuleId = "m5-werken-met-een-tolk", ActivityId = "s1-dhr-k", PageId = "casus-dhr-k", ItemId = "begin", ChoiceId = "begin-1",
                AtUtc = DateTime.UtcNow.AddMinutes(-(2000 - (batch * 20) - i)),
            }).ToList();
            await CompetenceService.RecordAsync(db, evidence, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var login = await _client.GetStringAsync("/account/inloggen");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(login).Groups[1].Value,
            ["_handler"] = "login",
            ["Input.Email"] = "dashboard@example.org",
            ["Input.Password"] = "een lang wachtwoord",
        });
        var response = await _client.PostAsync("/account/inloggen", form);
        if ((int)response.StatusCode != 302)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }

        _service = _factory.Services.GetRequiredService<CompetenceService>();
        _library = _factory.Services.GetRequiredService<ContentCatalog>().Current;
        (await _client.GetAsync("/mijn-competenties")).EnsureSuccessStatusCode();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _factory?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp?.Dispose();
    }

    [Benchmark(Description = "Standings + recent evidence (2,000 evidence)")]
    public Task<IReadOnlyList<CompetenceView>> Service() => _service.GetAsync(_userId, _library);

    [Benchmark(Description = "Http GET /mijn-competenties (prerendered, 2,000 evidence)")]
    public async Task<int> Page()
    {
        using var response = await _client!.GetAsync("/mijn-competenties");
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
