using System.Text.Json;
using Leerplatform.Core.Xapi;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>A refusal of the statement endpoint: HTTP status and a reason the client can act on.</summary>
public sealed class XapiRequestException(int status, string reason, IReadOnlyList<XapiError>? errors = null) : Exception(reason)
{
    public int Status { get; } = status;

    public IReadOnlyList<XapiError> Errors { get; } = errors ?? [];
}

/// <summary>The filters of GET /xapi/statements, already parsed and checked.</summary>
public sealed record StatementQuery
{
    public string? AgentKey { get; init; }

    public string? VerbId { get; init; }

    public string? ActivityId { get; init; }

    public Guid? Registration { get; init; }

    public bool RelatedActivities { get; init; }

    public bool RelatedAgents { get; init; }

    public DateTime? Since { get; init; }

    public DateTime? Until { get; init; }

    public int Limit { get; init; }

    public bool Ascending { get; init; }

    /// <summary>Paging: continue after this stored sequence number.</summary>
    public long? After { get; init; }
}

/// <summary>One stored statement as read back: its sequence, JSON and version.</summary>
public sealed record StoredStatement(long Seq, string Json, DateTime StoredUtc);

/// <summary>
/// The platform's own LRS for its statements: stores posted batches atomically (with voiding and forwarding),
/// and answers queries within one organisation.
/// </summary>
public sealed class StatementService(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time, IOptions<XapiOptions> options, XapiOutboxSignal signal)
{
    private static readonly XapiWriteOptions Comparable = new(ForForwarding: true);

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public XapiOptions Options => options.Value;

    /// <summary>
    /// Stores a validated batch: all or nothing. A statement whose id exists with the same content is skipped
    /// (a client's retry); with different content the whole batch is refused with 409.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> StoreAsync(XapiClient client, IReadOnlyList<Statement> statements, XapiVersion version, CancellationToken cancellationToken)
    {
        var withIds = statements.Select(s => s.Id is null ? s with { Id = Guid.NewGuid() } : s).ToList();
        var ids = withIds.Select(s => s.Id!.Value).ToList();
        var authority = new Agent { ObjectTypeWritten = true, Name = client.Name, Account = new Account(options.Value.Base, client.Key) };
        var now = time.GetUtcNow().UtcDateTime;
        // The CPU work (JSON, index lists) happens before taking the write lock, so batches prepare in parallel.
        var prepared = withIds.Select(s => XapiStore.Prepare(s, new StatementOrigin(client.OrganisationId, null, null), authority, version, now)).ToList();

        // SQLite has one writer at a time; queueing batches here is cheaper than letting them retry on a busy database.
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existing = await db.XapiStatements.AsNoTracking()
                .Where(s => s.OrganisationId == client.OrganisationId && ids.Contains(s.StatementId))
                .ToDictionaryAsync(s => s.StatementId, s => s.Json, cancellationToken);
            var forward = await db.LrsConnections.AnyAsync(c => c.OrganisationId == client.OrganisationId, cancellationToken);
            var rows = new List<XapiStatement>(withIds.Count);
            var voided = new List<Guid>();
            for (var i = 0; i < withIds.Count; i++)
            {
                var statement = withIds[i];
                if (existing.TryGetValue(statement.Id!.Value, out var json))
                {
                    // A timestamp the LRS filled in does not make a resent statement different.
                    var stored = XapiJson.Read(json);
                    if (XapiJsonWriter.ToJson(stored, Comparable) != XapiJsonWriter.ToJson(statement with { Timestamp = statement.Timestamp ?? stored.Timestamp }, Comparable))
                    {
                        throw new XapiRequestException(StatusCodes.Status409Conflict,
                            $"statement {statement.Id} already exists with different content; nothing of this request was stored");
                    }

                    continue;
                }

                rows.Add(prepared[i]);
                if (statement.Verb.Id == StatementValidator.VoidedVerb && statement.Object is StatementRef target)
                {
                    voided.Add(target.Id);
                }
            }

            await XapiBulkInsert.InsertAsync(db, rows, forward ? client.OrganisationId : null, now, cancellationToken);
            foreach (var target in voided)
            {
                // A voiding statement cannot itself be voided; the target may be in this very batch.
                await db.XapiStatements
                    .Where(s => s.OrganisationId == client.OrganisationId && s.StatementId == target && s.VerbId != StatementValidator.VoidedVerb)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Voided, true), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (forward && rows.Count > 0)
            {
                signal.Wake();
            }

            return ids;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One statement by id: voided ones only through <paramref name="voided"/> = true, and the reverse.</summary>
    public async Task<StoredStatement?> GetAsync(string organisationId, Guid id, bool voided, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.XapiStatements.AsNoTracking()
            .Where(s => s.OrganisationId == organisationId && s.StatementId == id && s.Voided == voided)
            .Select(s => new StoredStatement(s.Seq, s.Json, s.StoredUtc))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A page of statements (one more than the limit is read to know whether there is more).</summary>
    public async Task<(IReadOnlyList<StoredStatement> Page, bool More)> QueryAsync(string organisationId, StatementQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var organisation = db.XapiStatements.AsNoTracking().Where(s => s.OrganisationId == organisationId);
        var matching = organisation;
        if (query.VerbId is { } verb)
        {
            matching = matching.Where(s => s.VerbId == verb);
        }

        if (query.AgentKey is { } agent)
        {
            matching = query.RelatedAgents
                ? matching.Where(s => db.XapiStatementAgents.Any(a => a.StatementSeq == s.Seq && a.AgentKey == agent))
                : matching.Where(s => s.ActorKey == agent || s.ObjectAgentKey == agent);
        }

        if (query.ActivityId is { } activity)
        {
            matching = query.RelatedActivities
                ? matching.Where(s => db.XapiStatementActivities.Any(a => a.StatementSeq == s.Seq && a.ActivityId == activity))
                : matching.Where(s => s.ObjectActivityId == activity);
        }

        if (query.Registration is { } registration)
        {
            matching = matching.Where(s => s.Registration == registration);
        }

        var filtered = query.VerbId is not null || query.AgentKey is not null || query.ActivityId is not null || query.Registration is not null;
        // xAPI: a filter also returns the statements that point at a matching statement (a voiding statement
        // shows up for the activity of the statement it voids), one level deep. Written as a union of two
        // indexed lookups so SQLite never scans all of an organisation's statements.
        var targeting = organisation.Where(s => s.ObjectStatementId != null && matching.Select(m => (Guid?)m.StatementId).Contains(s.ObjectStatementId));
        var seqs = matching.Select(m => m.Seq).Union(targeting.Select(s => s.Seq));
        var q = filtered
            ? organisation.Where(s => !s.Voided && seqs.Contains(s.Seq))
            : organisation.Where(s => !s.Voided);

        if (query.Since is { } since)
        {
            q = q.Where(s => s.StoredUtc > since);
        }

        if (query.Until is { } until)
        {
            q = q.Where(s => s.StoredUtc <= until);
        }

        if (query.After is { } after)
        {
            q = query.Ascending ? q.Where(s => s.Seq > after) : q.Where(s => s.Seq < after);
        }

        q = query.Ascending ? q.OrderBy(s => s.Seq) : q.OrderByDescending(s => s.Seq);
        var rows = await q.Take(query.Limit + 1).Select(s => new StoredStatement(s.Seq, s.Json, s.StoredUtc)).ToListAsync(cancellationToken);
        var more = rows.Count > query.Limit;
        return (more ? rows.Take(query.Limit).ToList() : rows, more);
    }

    /// <summary>The identity key of an agent filter value, or a 400 that says what is wrong with it.</summary>
    public static string AgentKey(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var probe = JsonDocument.Parse("{\"actor\":" + json + ",\"verb\":{\"id\":\"urn:x:filter\"},\"object\":{\"id\":\"urn:x:filter\"}}");
            var walkerErrors = StatementValidator.Validate(probe.RootElement, XapiVersion.V2_0_0, "agent")
                .Where(e => e.Path.StartsWith("agent.actor", StringComparison.Ordinal))
                .Select(e => e with { Path = "agent" + e.Path["agent.actor".Length..] })
                .ToList();
            if (walkerErrors.Count > 0)
            {
                throw new XapiRequestException(StatusCodes.Status400BadRequest, "the agent parameter is not a valid Agent or Group", walkerErrors);
            }

            return XapiJsonReader.ReadActor(document.RootElement).IdentityKey
                   ?? throw new XapiRequestException(StatusCodes.Status400BadRequest, "the agent parameter needs an identifier (mbox, mbox_sha1sum, openid or account)");
        }
        catch (JsonException exception)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, $"the agent parameter is not valid JSON: {exception.Message}");
        }
    }
}
