using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Leerplatform.Data;

/// <summary>
/// Commits the writes of several learner actions in one SQLite transaction (issue 8, "group commit").
/// </summary>
/// <remarks>
/// One per database file, driven by the write gate's holder; there is no thread of its own. A writer that gets the
/// gate joins the open batch (or begins one), runs its saves inside a savepoint on the batch's connection, and
/// then hands the gate to the next waiting writer, which adds its own saves to the same transaction. The last
/// writer of a chain, when nobody waits or the batch is full, commits and wakes all of them. So under load one
/// BEGIN and COMMIT (and one write of every page they share to the WAL) serves a whole queue of actions, and
/// alone a writer commits at once, as before.
/// Each action stays all or nothing: a body that fails is rolled back to its savepoint and the batch commits
/// without it, at once, so a retry reads the latest state. No action is told it succeeded before its commit, and a
/// failed commit fails every action in it: a crash loses only actions nobody was told about.
/// Only the gate's holder touches the fields, so they need no lock. Any other transaction on the file (through
/// <see cref="SqliteWriteGate"/>) commits an open batch as soon as it gets the gate.
/// </remarks>
public sealed class GroupCommit
{
    /// <summary>Writers per transaction at most: a longer chain makes its first writer wait longer for the commit.</summary>
    public static int MaxBatch { get; set; } = 16;

    private const string Savepoint = "action";

    private readonly HandoffGate _gate;
    private readonly SqliteWriteGate _owner;
    private readonly List<Pending> _pending = [];
    private SqliteConnection? _connection;

    // Kept between batches and closed after each (its physical connection goes back to the pool): no new object
    // and connection-string parse per batch.
    private SqliteConnection? _idle;
    private SqliteTransaction? _transaction;
    private long _begunAt;

    internal GroupCommit(HandoffGate gate, SqliteWriteGate owner)
    {
        _gate = gate;
        _owner = owner;
    }

    /// <summary>Runs <paramref name="body"/> (saves of <paramref name="context"/>) in the open batch; returns once it has committed.</summary>
    internal async Task RunAsync(LeerplatformDbContext context, Func<Task> body, CancellationToken cancellationToken)
    {
        var database = context.Database;
        var connectionString = database.GetConnectionString()!;
        var started = Stopwatch.GetTimestamp();
        if (!await _gate.WaitAsync(SqliteWriteGate.Timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"Another transaction has held the write lock for over {SqliteWriteGate.Timeout.TotalSeconds:0} s.");
        }

        _owner.Waited(Stopwatch.GetTimestamp() - started);
        Pending? mine = null;
        try
        {
            var transaction = Begin(connectionString);
            // The first writer of a batch needs no savepoint: if it fails, the whole (so far its own) transaction goes.
            var first = _pending.Count == 0;
            if (!first)
            {
                transaction.Save(Savepoint);
            }

            database.SetDbConnection(_connection, contextOwnsConnection: false);
            context.EnterBatch();
            try
            {
                await database.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                await body().ConfigureAwait(false);
                if (!first)
                {
                    transaction.Release(Savepoint);
                }

                mine = new Pending(context.TakeDirectoryChange(), context.LeaveBatch());
                _pending.Add(mine);
            }
            catch
            {
                context.TakeDirectoryChange();
                context.LeaveBatch();
                if (first)
                {
                    RollBackBatch(transaction);
                }
                else
                {
                    RollBackToSavepoint(transaction);
                }

                throw;
            }
            finally
            {
                // The context goes back to its own (pooled) connection for its reads after this and for its next use.
                await database.UseTransactionAsync(null, CancellationToken.None).ConfigureAwait(false);
                database.SetDbConnection(null, contextOwnsConnection: false);
                database.SetConnectionString(connectionString);
            }
        }
        finally
        {
            // A failed writer commits what the others did before it and answers at once; the others pass the batch on.
            if (mine is null || _pending.Count >= MaxBatch || !_gate.TryHandOff())
            {
                try
                {
                    CommitOpenBatch();
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        await mine!.Committed.Task.ConfigureAwait(false);
    }

    /// <summary>Commits the open batch, if any, and wakes its writers. Only the gate's holder calls this.</summary>
    internal void CommitOpenBatch()
    {
        if (_transaction is null)
        {
            return;
        }

        var transaction = _transaction;
        var connection = _connection!;
        var writers = _pending.ToArray();
        _pending.Clear();
        _transaction = null;
        _connection = null;
        Exception? failure = null;
        try
        {
            transaction.Commit();
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            transaction.Dispose();
            Close(connection);
            _owner.Held(Stopwatch.GetTimestamp() - _begunAt);
            _owner.Committed(writers.Length);
        }

        var bump = false;
        foreach (var writer in writers)
        {
            bump |= writer.DirectoryChanged;
        }

        if (failure is null && bump)
        {
            DirectoryVersion.Bump();
        }

        foreach (var writer in writers)
        {
            if (failure is null)
            {
                foreach (var action in writer.AfterCommit)
                {
                    action();
                }

                writer.Committed.TrySetResult();
            }
            else
            {
                writer.Committed.TrySetException(failure);
            }
        }
    }

    private SqliteTransaction Begin(string connectionString)
    {
        if (_transaction is not null)
        {
            return _transaction;
        }

        // A pooled connection: Microsoft.Data.Sqlite keeps the physical one open between batches.
        var connection = _idle ?? new SqliteConnection(connectionString);
        _idle = null;
        try
        {
            connection.Open();
            _owner.Configure(connection);
            _begunAt = Stopwatch.GetTimestamp();
            _transaction = connection.BeginTransaction();
            _connection = connection;
            return _transaction;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Ends the batch's connection use: closed, so its physical connection returns to the pool.</summary>
    private void Close(SqliteConnection connection)
    {
        connection.Close();
        _idle = connection;
    }

    private void RollBackBatch(SqliteTransaction transaction)
    {
        _transaction = null;
        var connection = _connection!;
        _connection = null;
        try
        {
            transaction.Dispose(); // rolls back
        }
        finally
        {
            Close(connection);
        }
    }

    private void RollBackToSavepoint(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
        }
        catch (SqliteException)
        {
            // SQLite ended the whole transaction (some errors do, e.g. a full disk): the others' work is gone too,
            // so they must hear it from the commit below, not be told they succeeded.
            var writers = _pending.ToArray();
            _pending.Clear();
            _transaction = null;
            transaction.Dispose();
            if (_connection is { } connection)
            {
                Close(connection);
            }

            _connection = null;
            var lost = new InvalidOperationException("The write batch was rolled back by SQLite; the action was not saved.");
            foreach (var writer in writers)
            {
                writer.Committed.TrySetException(lost);
            }
        }
    }

    private sealed class Pending(bool directoryChanged, List<Action> afterCommit)
    {
        public bool DirectoryChanged { get; } = directoryChanged;

        public List<Action> AfterCommit { get; } = afterCommit;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
