using System.Data.Common;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>
/// Inserts prepared statements with their filter index rows (and outbox entries) through prepared SQLite
/// commands in the caller's transaction. For batches from the statement endpoint this is several times faster
/// than tracking hundreds of entities in EF; learner events (a few statements per action) use EF.
/// </summary>
public static class XapiBulkInsert
{
    public static async Task InsertAsync(LeerplatformDbContext db, IReadOnlyList<XapiStatement> rows, string? outboxOrganisation, DateTime now, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var statement = RawSql.Command(db, """
            INSERT INTO XapiStatements (OrganisationId, StatementId, VerbId, ActorKey, ObjectAgentKey, ObjectActivityId, ObjectStatementId,
                Registration, TimestampUtc, StoredUtc, Voided, UserId, ModuleId, Json)
            VALUES ($org, $id, $verb, $actor, $objectAgent, $activity, $objectStatement, $registration, $timestamp, $stored, 0, $user, $module, $json)
            RETURNING Seq
            """, "$org", "$id", "$verb", "$actor", "$objectAgent", "$activity", "$objectStatement", "$registration", "$timestamp", "$stored", "$user", "$module", "$json");
        var activities = new List<(string, long)>();
        var agents = new List<(string, long)>();
        var queued = new List<long>();
        foreach (var row in rows)
        {
            RawSql.Set(statement, row.OrganisationId, RawSql.Guid(row.StatementId), row.VerbId, row.ActorKey, row.ObjectAgentKey, row.ObjectActivityId,
                RawSql.Guid(row.ObjectStatementId), RawSql.Guid(row.Registration), RawSql.Date(row.TimestampUtc), RawSql.Date(row.StoredUtc),
                row.UserId, row.ModuleId, row.Json);
            var seq = (long)(await statement.ExecuteScalarAsync(cancellationToken))!;
            activities.AddRange(row.Activities.Select(a => (a.ActivityId, seq)));
            agents.AddRange(row.Agents.Select(a => (a.AgentKey, seq)));
            queued.Add(seq);
        }

        // Index rows go in as multi-row INSERTs: one round trip into SQLite per few hundred rows instead of one each.
        await InsertPairsAsync(db, "XapiStatementActivities (ActivityId, StatementSeq)", activities, cancellationToken);
        await InsertPairsAsync(db, "XapiStatementAgents (AgentKey, StatementSeq)", agents, cancellationToken);
        if (outboxOrganisation is not null)
        {
            await using var outbox = RawSql.Command(db,
                "INSERT INTO XapiOutbox (OrganisationId, StatementSeq, Parked, Attempts, EnqueuedAtUtc) VALUES ($org, $seq, 0, 0, $at)", "$org", "$seq", "$at");
            foreach (var seq in queued)
            {
                RawSql.Set(outbox, outboxOrganisation, seq, RawSql.Date(now));
                await outbox.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static async Task InsertPairsAsync(LeerplatformDbContext db, string table, List<(string Key, long Seq)> pairs, CancellationToken cancellationToken)
    {
        const int perCommand = 200;
        for (var start = 0; start < pairs.Count; start += perCommand)
        {
            var chunk = pairs.GetRange(start, Math.Min(perCommand, pairs.Count - start));
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var values = new System.Text.StringBuilder();
            for (var i = 0; i < chunk.Count; i++)
            {
                values.Append(i == 0 ? string.Empty : ",").Append("($k").Append(i).Append(",$s").Append(i).Append(')');
                Add(command, "$k" + i, chunk[i].Key);
                Add(command, "$s" + i, chunk[i].Seq);
            }

            command.CommandText = $"INSERT OR IGNORE INTO {table} VALUES {values}";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
