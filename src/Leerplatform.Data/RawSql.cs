using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Leerplatform.Data;

/// <summary>
/// Prepared SQLite commands in the caller's EF transaction, for the rows every learner action writes (issue 8):
/// a row through EF's change tracker and update pipeline costs several times the SQLite work itself. Values are
/// written exactly as EF Core's SQLite provider writes them, so EF queries read them back unchanged.
/// </summary>
public static class RawSql
{
    /// <summary>A prepared command on the context's connection, enlisted in its current transaction.</summary>
    /// <exception cref="InvalidOperationException">There is no current transaction: these rows are only ever written together with others.</exception>
    public static DbCommand Command(LeerplatformDbContext db, string sql, params string[] parameters)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Call inside a transaction.");
        var command = transaction.Connection!.CreateCommand();
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

    /// <summary>Sets the parameters in the order they were declared; null becomes SQL NULL.</summary>
    public static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>The text EF Core's SQLite provider stores for a UTC DateTime, so EF queries compare it correctly.</summary>
    public static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>The text EF Core's SQLite provider stores for a Guid (upper case).</summary>
    public static string? Guid(Guid? value) => value?.ToString().ToUpperInvariant();
}
