using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leerplatform.Core.Xapi;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>
/// Delivers each organisation's outbox to its LRS: in stored order, in batches, with exponential backoff and
/// jitter on failures, resuming after a restart (the outbox is in the database). Statements are immutable and
/// keep their id, so a retry can never send different content under the same id. A 409 for a single statement
/// means the LRS already has it (delivered); a 400 for a single statement parks it with the LRS's reason.
/// A batch that gets 400, 409 or 413 is split and sent one by one so one bad statement never blocks the rest.
/// </summary>
public sealed class XapiOutboxWorker(
    IDbContextFactory<LeerplatformDbContext> contexts,
    IHttpClientFactory httpClients,
    LrsSettings settings,
    XapiOutboxSignal signal,
    IOptions<XapiOptions> options,
    TimeProvider time,
    ILogger<XapiOutboxWorker> logger) : BackgroundService
{
    public const string HttpClientName = "lrs";

    private enum Outcome
    {
        Delivered,
        Split,
        Parked,
        Failed,
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down; what was not delivered stays in the outbox for the next start
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "xAPI outbox round failed");
                wait = options.Value.PollInterval;
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Delivers what is due for every organisation; returns how long to sleep before the next round.</summary>
    public async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<LrsConnection> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.LrsConnections.AsNoTracking()
                .Where(c => c.Enabled && db.XapiOutbox.Any(e => e.OrganisationId == c.OrganisationId && !e.Parked))
                .ToListAsync(cancellationToken);
        }

        var wait = options.Value.PollInterval;
        foreach (var connection in due)
        {
            if (connection.NextAttemptUtc is { } next && next > now)
            {
                wait = Min(wait, next - now);
                continue;
            }

            var more = await DeliverAsync(connection, cancellationToken);
            if (more)
            {
                wait = TimeSpan.Zero;
            }
        }

        return wait;
    }

    /// <returns>Whether more statements are waiting (so the next round starts at once).</returns>
    private async Task<bool> DeliverAsync(LrsConnection connection, CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, options.Value.ForwardBatch);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await db.XapiOutbox.Where(e => e.OrganisationId == connection.OrganisationId && !e.Parked)
            .OrderBy(e => e.Id).Take(batchSize)
            .Select(e => new { Entry = e, e.Statement!.StatementId, e.Statement.Json })
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return false;
        }

        var tracked = await db.LrsConnections.FirstAsync(c => c.OrganisationId == connection.OrganisationId, cancellationToken);
        using var http = httpClients.CreateClient(HttpClientName);
        http.Timeout = options.Value.LrsTimeout;
        string password;
        try
        {
            password = settings.Unprotect(connection.ProtectedPassword);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The data-protection keys changed (a new server without the old key folder): only a new password helps.
            Record(tracked, "the stored LRS password can no longer be decrypted; enter it again in the LRS settings");
            await FailAsync(db, tracked, cancellationToken);
            return false;
        }

        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.Username}:{password}")));

        var version = await VersionAsync(http, tracked, auth, cancellationToken);
        if (version is null)
        {
            await FailAsync(db, tracked, cancellationToken);
            return false;
        }

        var (outcome, reason) = await PostAsync(http, tracked, auth, version.Value, batch.Select(b => b.Json).ToList(), cancellationToken);
        if (outcome == Outcome.Split && batch.Count > 1)
        {
            // Find the statement(s) at fault: one by one, in order, stopping at the first transient failure.
            foreach (var item in batch)
            {
                var (single, singleReason) = await PostAsync(http, tracked, auth, version.Value, [item.Json], cancellationToken);
                if (single is Outcome.Failed)
                {
                    await FailAsync(db, tracked, cancellationToken);
                    return false;
                }

                Settle(db, item.Entry, single == Outcome.Delivered || single == Outcome.Split && singleReason == "409", singleReason);
                await SucceedAsync(db, tracked, cancellationToken);
            }

            return true;
        }

        switch (outcome)
        {
            case Outcome.Delivered:
                db.XapiOutbox.RemoveRange(batch.Select(b => b.Entry));
                await SucceedAsync(db, tracked, cancellationToken);
                return batch.Count == batchSize;
            case Outcome.Split or Outcome.Parked:
                // A single statement: 409 = the LRS has it already; 400/413 = park it with the reason.
                Settle(db, batch[0].Entry, reason == "409", reason);
                await SucceedAsync(db, tracked, cancellationToken);
                return true;
            default:
                foreach (var item in batch)
                {
                    item.Entry.Attempts++;
                }

                await FailAsync(db, tracked, cancellationToken);
                return false;
        }
    }

    private void Settle(LeerplatformDbContext db, XapiOutboxEntry entry, bool delivered, string? reason)
    {
        if (delivered)
        {
            db.XapiOutbox.Remove(entry);
            return;
        }

        entry.Parked = true;
        entry.Attempts++;
        entry.LastError = Truncate(reason);
        logger.LogWarning("The LRS of organisation {OrganisationId} refused statement {StatementSeq}; it is parked until an admin retries", entry.OrganisationId, entry.StatementSeq);
    }

    private async Task<XapiVersion?> VersionAsync(HttpClient http, LrsConnection connection, AuthenticationHeaderValue auth, CancellationToken cancellationToken)
    {
        if (connection.Version is not null && XapiVersions.TryParseHeader(connection.Version, out var known))
        {
            return known;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(connection.Endpoint), "about"));
            request.Headers.Authorization = auth;
            request.Headers.Add(XapiVersions.Header, "1.0.3");
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Record(connection, $"GET about: {(int)response.StatusCode} {response.ReasonPhrase}");
                return null;
            }

            using var about = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var versions = about.RootElement.TryGetProperty("version", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
                : [];
            // 1.0.3 unless the LRS says it speaks 2.0: most LRSs in the field are 1.0.x only and refuse 2.0 requests.
            var version = versions.Any(v => v.StartsWith("2.0", StringComparison.Ordinal)) ? XapiVersion.V2_0_0 : XapiVersion.V1_0_3;
            connection.Version = version.ToText();
            return version;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            Record(connection, $"GET about: {Describe(exception)}");
            return null;
        }
    }

    private async Task<(Outcome Outcome, string? Reason)> PostAsync(HttpClient http, LrsConnection connection, AuthenticationHeaderValue auth, XapiVersion version,
        IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("[");
        var forwarding = new XapiWriteOptions(Target: version, ForForwarding: true);
        for (var i = 0; i < statements.Count; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append(XapiJsonWriter.ToJson(XapiJson.Read(statements[i]), forwarding));
        }

        body.Append(']');
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(connection.Endpoint), "statements"))
            {
                Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = auth;
            request.Headers.Add(XapiVersions.Header, version.ToText());
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (Outcome.Delivered, null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var reason = $"{(int)response.StatusCode} {response.ReasonPhrase}: {text}";
            switch (response.StatusCode)
            {
                case HttpStatusCode.Conflict:
                    return (Outcome.Split, "409");
                case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                    return (statements.Count > 1 ? Outcome.Split : Outcome.Parked, reason);
                default:
                    // 401/403 (credentials), 429, 5xx: the LRS or the settings, not the statements — retry later.
                    Record(connection, "POST statements: " + reason);
                    return (Outcome.Failed, reason);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Record(connection, "POST statements: " + Describe(exception));
            return (Outcome.Failed, null);
        }
    }

    private async Task SucceedAsync(LeerplatformDbContext db, LrsConnection connection, CancellationToken cancellationToken)
    {
        connection.LastSuccessUtc = time.GetUtcNow().UtcDateTime;
        connection.ConsecutiveFailures = 0;
        connection.NextAttemptUtc = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task FailAsync(LeerplatformDbContext db, LrsConnection connection, CancellationToken cancellationToken)
    {
        connection.ConsecutiveFailures++;
        var delay = Backoff(connection.ConsecutiveFailures, options.Value.InitialBackoff, options.Value.MaxBackoff, Random.Shared.NextDouble());
        connection.NextAttemptUtc = time.GetUtcNow().UtcDateTime + delay;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Forwarding to the LRS of organisation {OrganisationId} failed ({Failures} in a row); next try in {Delay}",
            connection.OrganisationId, connection.ConsecutiveFailures, delay);
    }

    /// <summary>
    /// Exponential backoff with "equal jitter": half the doubled delay fixed, half random, so many
    /// organisations whose LRS went down together do not all retry at the same instant.
    /// </summary>
    public static TimeSpan Backoff(int failures, TimeSpan initial, TimeSpan max, double random)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * random);
    }

    private void Record(LrsConnection connection, string error)
    {
        connection.LastError = Truncate(error);
        connection.LastErrorUtc = time.GetUtcNow().UtcDateTime;
    }

    private static string Describe(Exception exception) =>
        exception is TaskCanceledException ? "no answer in time" : exception.Message;

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] + "…" : text;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
