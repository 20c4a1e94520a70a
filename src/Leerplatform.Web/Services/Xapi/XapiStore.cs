using System.Text.Json;
using Leerplatform.Core.Xapi;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>Where a statement came from, for the index columns used by exports.</summary>
public sealed record StatementOrigin(string? OrganisationId, string? UserId, string? ModuleId);

/// <summary>
/// Stores statements inside the caller's DbContext (and so inside the caller's transaction): the learner
/// action and its statements are saved together or not at all. Also queues them for the organisation's LRS.
/// </summary>
public static class XapiStore
{
    /// <summary>
    /// Completes a statement as an LRS does (id, timestamp, stored, authority, version) and builds its row with
    /// its filter index rows; <see cref="XapiBulkInsert"/> writes them in the caller's transaction.
    /// </summary>
    public static XapiStatement Prepare(Statement statement, StatementOrigin origin, Actor authority, XapiVersion version, DateTime storedUtc)
    {
        // "stored" is written with milliseconds; the indexed column must hold exactly that instant, or since/until
        // filters given a stored value read back from us would include or miss statements at the edges.
        storedUtc = new DateTime(storedUtc.Ticks - storedUtc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var stored = XapiTimestamp.FromInstant(storedUtc);
        var complete = statement with
        {
            Id = statement.Id ?? Guid.NewGuid(),
            Timestamp = statement.Timestamp ?? stored,
            Stored = stored,
            Authority = authority,
            Version = statement.Version ?? version.ToText(),
        };
        var row = new XapiStatement
        {
            OrganisationId = origin.OrganisationId,
            StatementId = complete.Id!.Value,
            VerbId = complete.Verb.Id,
            ActorKey = complete.Actor.IdentityKey,
            ObjectAgentKey = (complete.Object as Actor)?.IdentityKey,
            ObjectActivityId = (complete.Object as Activity)?.Id,
            ObjectStatementId = (complete.Object as StatementRef)?.Id,
            Registration = complete.Context?.Registration,
            TimestampUtc = complete.Timestamp!.Value.Value.UtcDateTime,
            StoredUtc = storedUtc,
            UserId = origin.UserId,
            ModuleId = origin.ModuleId,
            Json = XapiJsonWriter.ToJson(complete),
        };
        foreach (var activity in RelatedActivities(complete).Distinct(StringComparer.Ordinal))
        {
            row.Activities.Add(new XapiStatementActivity { ActivityId = activity });
        }

        foreach (var agent in RelatedAgents(complete).Distinct(StringComparer.Ordinal))
        {
            row.Agents.Add(new XapiStatementAgent { AgentKey = agent });
        }

        return row;
    }

    /// <summary>Marks the statement a voiding statement points at as voided (a voiding statement itself cannot be voided).</summary>
    public static async Task ApplyVoidingAsync(LeerplatformDbContext db, string? organisationId, Guid targetId, CancellationToken cancellationToken)
    {
        var target = await db.XapiStatements.FirstOrDefaultAsync(s => s.OrganisationId == organisationId && s.StatementId == targetId, cancellationToken);
        if (target is not null && target.VerbId != StatementValidator.VoidedVerb)
        {
            target.Voided = true;
        }
    }

    private static IEnumerable<string> RelatedActivities(Statement s)
    {
        foreach (var id in ActivitiesOf(s.Object))
        {
            yield return id;
        }

        foreach (var activity in s.Context?.ContextActivities?.All ?? [])
        {
            yield return activity.Id;
        }

        if (s.Object is SubStatement sub)
        {
            foreach (var activity in sub.Context?.ContextActivities?.All ?? [])
            {
                yield return activity.Id;
            }
        }
    }

    private static IEnumerable<string> ActivitiesOf(IStatementObject target) => target switch
    {
        Activity a => [a.Id],
        SubStatement sub => ActivitiesOf(sub.Object),
        _ => [],
    };

    private static IEnumerable<string> RelatedAgents(Statement s)
    {
        IEnumerable<string> Of(Actor? actor) => actor is null
            ? []
            : new[] { actor.IdentityKey }.Concat((actor as Group)?.Member?.Select(m => m.IdentityKey) ?? []).OfType<string>();

        IEnumerable<string> OfContext(Context? c) => c is null
            ? []
            : Of(c.Instructor).Concat(Of(c.Team))
                .Concat(c.ContextAgents?.SelectMany(a => Of(a.Agent)) ?? [])
                .Concat(c.ContextGroups?.SelectMany(g => Of(g.Group)) ?? []);

        var all = Of(s.Actor).Concat(Of(s.Object as Actor)).Concat(Of(s.Authority)).Concat(OfContext(s.Context));
        if (s.Object is SubStatement sub)
        {
            all = all.Concat(Of(sub.Actor)).Concat(Of(sub.Object as Actor)).Concat(OfContext(sub.Context));
        }

        return all;
    }
}

/// <summary>Read helpers shared by the endpoint and exports.</summary>
public static class XapiJson
{
    public static Statement Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return XapiJsonReader.ReadStatement(document.RootElement);
    }
}
