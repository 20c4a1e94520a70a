using Leerplatform.Testing;
using Leerplatform.Web.Services;
using Xunit.Abstractions;

namespace Leerplatform.LoadTests.SmokeTests;

/// <summary>
/// Fifty signed-in learners play the fixture case on the real app (Kestrel on a free loopback port, Production
/// settings, diagnostics on) for a short while through the headless circuit client. Fails on any error — a
/// control the client cannot find, a refused event, missing feedback, a broken circuit — or on a decision that
/// was confirmed on screen but not stored; never on timing.
/// </summary>
public sealed class LoadSmokeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("leerplatform-load-smoke");
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private Uri _baseUrl = default!;

    public async Task InitializeAsync()
    {
        var content = _temp.CopyFrom(TestPaths.RealContent, "content");
        _temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "xapi-journey", "modules", "casus-journey"), Path.Combine("content", "modules", "zz-casus-journey"));
        (_app, var url) = await RealApp.StartAsync(_temp, content, "Production", "--Leerplatform:Diagnostics:Enabled", "true");
        _baseUrl = new Uri(url.TrimEnd('/') + "/");
        await SeedLoadUsersCommand.SeedAsync(_app.Services, 50);
    }

    [Fact]
    public async Task FiftyLearnersTurnPagesAndDecideWithoutErrorsOrLostRecords()
    {
        var options = new LoadOptions
        {
            Target = _baseUrl,
            Circuits = 50,
            Duration = TimeSpan.FromSeconds(15),
            Warmup = TimeSpan.FromSeconds(2),
            Think = TimeSpan.FromSeconds(1),
            OpenConcurrency = 8,
            // Generous: a busy shared CI machine may stall; the test is about correctness, not speed.
            ActionTimeout = TimeSpan.FromSeconds(45),
            Deadline = TimeSpan.FromMinutes(4),
        };

        var log = new StringWriter();
        var report = await new LoadRun(options, log).RunAsync();
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToText());

        Assert.True(report.Healthy, report.ToText());
        Assert.Equal(50, report.CircuitsHeld);
        Assert.True(report.ConfirmedDecisions >= 50, $"only {report.ConfirmedDecisions} decisions in the run");
        Assert.Equal(report.ConfirmedDecisions, report.DecisionsWritten);
        Assert.True(report.StatementsWritten > report.ConfirmedDecisions);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}

/// <summary>The client's own limits: loopback only, bounded counts and durations.</summary>
public sealed class LoadOptionsTests
{
    [Theory]
    [InlineData("http://example.com/")]
    [InlineData("http://10.0.0.5:5080/")]
    [InlineData("http://192.168.1.10/")]
    public void TheClientRefusesTargetsOtherThanLoopback(string target)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--target", target]));
        Assert.Contains("loopback", error.Message);
    }

    [Theory]
    [InlineData(14_970, 15_000, false)]
    [InlineData(0, 60_000, true)]
    [InlineData(12_308, 30_000, true)]
    public void AReportSaysWhenLearnersFellBehindTheirTimetable(long measured, long scheduled, bool fellBehind)
    {
        // A saturated server leaves learners behind their timetable; their late actions fall outside the measured
        // window, so "0 actions, result OK" must not read as a healthy run.
        var report = new LoadReport { App = "leerplatform", Mode = "active", Actions = measured, ActionsScheduled = scheduled, WindowSeconds = 30 };
        Assert.Equal(fellBehind, report.FellBehind);
        Assert.Equal(fellBehind, report.ToText().Contains("FELL BEHIND", StringComparison.Ordinal));
        Assert.True(report.Healthy);
    }

    [Fact]
    public void RunsAreBounded()
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--circuits", "50000"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--duration", "7200"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--circuits", "10", "--users", "5"]));
    }
}
