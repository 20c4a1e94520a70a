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

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Call inside a transaction.");

        await using var statement = Command(connection, transaction, """
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
            Set(statement, row.OrganisationId, row.StatementId.ToString().ToUpperInvariant(), row.VerbId, row.ActorKey, row.ObjectAgentKey, row.ObjectActivityId,
                row.ObjectStatementId?.ToString().ToUpperInvariant(), row.Registration?.ToString().ToUpperInvariant(), Sql(row.TimestampUtc), Sql(row.StoredUtc),
                row.UserId, row.ModuleId, row.Json);
            var seq = (long)(await statement.ExecuteScalarAsync(cancellationToken))!;
            activities.AddRange(row.Activities.Select(a => (a.ActivityId, seq)));
            agents.AddRange(row.Agents.Select(a => (a.AgentKey, seq)));
            queued.Add(seq);
        }

        // Index rows go in as multi-row INSERTs: one round trip into SQLite per few hundred rows instead of one each.
        await InsertPairsAsync(connection, transaction, "XapiStatementActivities (ActivityId, StatementSeq)", activities, cancellationToken);
        await InsertPairsAsync(connection, transaction, "XapiStatementAgents (AgentKey, StatementSeq)", agents, cancellationToken);
        if (outboxOrganisation is not null)
        {
            await using var outbox = Command(connection, transaction,
                "INSERT INTO XapiOutbox (OrganisationId, StatementSeq, Parked, Attempts, EnqueuedAtUtc) VALUES ($org, $seq, 0, 0, $at)", "$org", "$seq", "$at");
            foreach (var seq in queued)
            {
                Set(outbox, outboxOrganisation, seq, Sql(now));
                await outbox.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static async Task InsertPairsAsync(DbConnection connection, DbTransaction transaction, string table, List<(string Key, long Seq)> pairs, CancellationToken cancellationToken)
    {
        const int perCommand = 200;
        for (var start = 0; start < pairs.Count; start += perCommand)
        {
            var chunk = pairs.GetRange(start, Math.Min(perCommand, pairs.Count - start));
            await using var command = connection.CreateCommand();
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

    /// <summary>The text EF Core's SQLite provider stores for a UTC DateTime, so EF queries compare it correctly.</summary>
    private static string Sql(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
