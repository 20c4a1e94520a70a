using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// Forwarding to an organisation's LRS through the durable outbox, against an LRS that fails in the ways real
/// ones do: down, slow, 500 then recovering, 400 for one statement, wrong credentials; and across a restart.
/// In every case each statement arrives exactly once with the same content, in stored order.
/// </summary>
public sealed class XapiForwardingTests
{
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Leerplatform:Xapi:InitialBackoff"] = "00:00:00.100",
        ["Leerplatform:Xapi:MaxBackoff"] = "00:00:00.400",
        ["Leerplatform:Xapi:PollInterval"] = "00:00:00.200",
        ["Leerplatform:Xapi:LrsTimeout"] = "00:00:01",
        ["Leerplatform:Xapi:ForwardBatch"] = "5",
    };

    private const string Password = "lrs-geheim-wachtwoord-123";

    private static async Task<(HttpClient Client, string OrganisationId)> OrganisationForwardingToAsync(AppFactory app, Uri endpoint)
    {
        var (organisation, key, secret) = await app.CreateOrganisationAsync("Forward" + Guid.NewGuid().ToString("N")[..6]);
        var error = await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, endpoint.ToString(), "lrs-user", Password, enabled: true);
        Assert.Null(error);
        return (app.XapiClient(key, secret), organisation);
    }

    private static async Task<List<Guid>> PostAsync(HttpClient client, int count)
    {
        var statements = Enumerable.Range(0, count).Select(i =>
            $$$"""{"actor":{"mbox":"mailto:l{{{i}}}@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.org/p/{{{i}}}"}}""");
        var response = await client.PostAsync("/xapi/statements", new StringContent($"[{string.Join(",", statements)}]", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<string[]>())!.Select(Guid.Parse).ToList();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    private static async Task<LrsStatus> StatusAsync(AppFactory app, string organisation) =>
        await app.Services.GetRequiredService<LrsSettings>().GetAsync(organisation);

    private static void AssertDeliveredOnceInOrder(FakeLrs lrs, IReadOnlyList<Guid> ids)
    {
        Assert.Equal(ids, lrs.Order.ToList());
        // Whatever was sent again (after a timeout) had the very same content, so the LRS saw no conflict.
        Assert.Equal(ids.Count, lrs.Stored.Count);
    }

    [Fact]
    public async Task AnLrsThatIsDownGetsEverythingOnceItIsBack()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort()); // not started: connections are refused
        using var app = AppFactory.For("valid", settings: FastRetries);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        var ids = await PostAsync(client, 12);

        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).LastError is not null, "the failure is recorded");
        var down = await StatusAsync(app, organisation);
        Assert.Equal(12, down.QueueDepth);
        Assert.Null(down.LastSuccessUtc);

        await lrs.StartAsync();
        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "the queue is empty");
        AssertDeliveredOnceInOrder(lrs, ids);
        Assert.NotNull((await StatusAsync(app, organisation)).LastSuccessUtc);
        Assert.All(lrs.VersionHeaders, v => Assert.Equal("1.0.3", v));
    }

    [Fact]
    public async Task AnLrsThatSpeaks2GetsStatementsAs2()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort()) { AboutVersions = ["1.0.3", "2.0.0"] };
        await lrs.StartAsync();
        using var app = AppFactory.For("valid", settings: FastRetries);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        var ids = await PostAsync(client, 3);

        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "the queue is empty");
        AssertDeliveredOnceInOrder(lrs, ids);
        Assert.Equal("2.0.0", (await StatusAsync(app, organisation)).Version);
        Assert.All(lrs.VersionHeaders, v => Assert.Equal("2.0.0", v));
    }

    [Fact]
    public async Task ASlowLrsIsRetriedWithoutDuplicates()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort()) { Delay = TimeSpan.FromSeconds(2) };
        await lrs.StartAsync();
        using var app = AppFactory.For("valid", settings: FastRetries);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        var ids = await PostAsync(client, 7);

        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).LastError?.Contains("no answer in time") == true, "the timeout is recorded");
        lrs.Delay = TimeSpan.Zero;
        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "the queue is empty");
        AssertDeliveredOnceInOrder(lrs, ids);
    }

    [Fact]
    public async Task AnLrsAnswering500RecoversAndGetsEverything()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort()) { ServerErrorsLeft = 3 };
        await lrs.StartAsync();
        using var app = AppFactory.For("valid", settings: FastRetries);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        var ids = await PostAsync(client, 12);

        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "the queue is empty");
        AssertDeliveredOnceInOrder(lrs, ids);
        var status = await StatusAsync(app, organisation);
        Assert.Contains("500", status.LastError);
        Assert.True(status.LastSuccessUtc > status.LastErrorUtc);
    }

    [Fact]
    public async Task AStatementTheLrsRejectsIsParkedWithItsReasonAndRetriedAfterTheFix()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort());
        await lrs.StartAsync();
        using var app = AppFactory.For("valid", settings: FastRetries);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, lrs.Endpoint.ToString(), "lrs-user", null, enabled: false);
        var ids = await PostAsync(client, 8);
        lrs.RejectId = ids[3];
        await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, lrs.Endpoint.ToString(), "lrs-user", null, enabled: true);

        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "only the parked statement is left");
        var status = await StatusAsync(app, organisation);
        var parked = Assert.Single(status.Parked);
        Assert.Equal(ids[3], parked.StatementId);
        Assert.Contains("400", parked.Reason);
        Assert.Contains("rejected by the test", parked.Reason);
        Assert.Equal(ids.Where((_, i) => i != 3), lrs.Order.ToList());

        lrs.RejectId = null;
        Assert.Equal(1, await app.Services.GetRequiredService<LrsSettings>().RetryParkedAsync(organisation));
        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).ParkedCount == 0 && lrs.Stored.Count == 8, "the parked statement is delivered");
        Assert.Equal(8, lrs.Stored.Count);
    }

    [Fact]
    public async Task AStatementTheLrsAlreadyHasCountsAsDelivered()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort());
        await lrs.StartAsync();
        using var app = AppFactory.For("valid", settings: FastRetries);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, lrs.Endpoint.ToString(), "lrs-user", null, enabled: false);
        var ids = await PostAsync(client, 4);
        // The LRS has the second statement already, with other content as far as it is concerned: it answers 409.
        lrs.Stored[ids[1]] = "{}";
        await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, lrs.Endpoint.ToString(), "lrs-user", null, enabled: true);

        await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "the queue is empty");
        Assert.Equal(0, (await StatusAsync(app, organisation)).ParkedCount);
        Assert.Equal([ids[0], ids[2], ids[3]], lrs.Order.ToList());
    }

    [Fact]
    public async Task TheOutboxSurvivesARestartAndDeliversAfterwards()
    {
        using var temp = new TempDirectory();
        var database = temp.Combine("outbox.db");
        await using var lrs = new FakeLrs(FakeLrs.FreePort());
        List<Guid> ids;
        string organisation;
        // Same database and the same data folder (its data-protection keys decrypt the LRS password).
        var settings = new Dictionary<string, string>(FastRetries) { ["Leerplatform:DataPath"] = temp.Combine("data") };
        using (var app = AppFactory.For("valid", databasePath: database, settings: settings))
        {
            (var client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
            ids = await PostAsync(client, 9);
            Assert.Equal(9, (await StatusAsync(app, organisation)).QueueDepth);
        }

        await lrs.StartAsync();
        using (var app = AppFactory.For("valid", databasePath: database, settings: settings))
        {
            _ = app.Server; // start the host, and with it the outbox worker
            await EventuallyAsync(async () => (await StatusAsync(app, organisation)).QueueDepth == 0, "the queue is empty after the restart");
        }

        AssertDeliveredOnceInOrder(lrs, ids);
    }

    [Fact]
    public async Task TheLrsPasswordIsNeverShownBackOrLogged()
    {
        await using var lrs = new FakeLrs(FakeLrs.FreePort()) { RequiredAuthorization = "Basic something-else" };
        await lrs.StartAsync();
        var logs = new CapturingLoggerProvider();
        using var app = AppFactory.For("valid", settings: new Dictionary<string, string>(FastRetries) { ["Logging:LogLevel:Default"] = "Trace" }, logs: logs);
        var (client, organisation) = await OrganisationForwardingToAsync(app, lrs.Endpoint);
        var settings = app.Services.GetRequiredService<LrsSettings>();
        await PostAsync(client, 2);

        await EventuallyAsync(async () => (await settings.GetAsync(organisation)).LastError?.Contains("401") == true, "the LRS refused the credentials");
        var status = await settings.GetAsync(organisation);
        Assert.True(status.HasPassword);
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(status));
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(Password, StringComparison.Ordinal)
            || m.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes($"lrs-user:{Password}")), StringComparison.Ordinal));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>().CreateDbContextAsync();
        Assert.DoesNotContain(Password, (await db.LrsConnections.SingleAsync(c => c.OrganisationId == organisation)).ProtectedPassword);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
