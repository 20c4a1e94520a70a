using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Leerplatform.Data;

/// <summary>
/// Lets one transaction at a time write to a database file, and makes the others wait asynchronously.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite starts every transaction with <c>BEGIN IMMEDIATE</c>, which takes SQLite's single write
/// lock. A second writer then waits inside SQLite's busy handler, which sleeps on its thread-pool thread. Under
/// load (issue 8: 150 learners, half of their actions writing) those blocked threads starved the pool, so the
/// continuation of the transaction that held the lock waited for a thread while its waiters slept: a convoy in
/// which page turns took 0.7 s on a two-thirds idle CPU. Queuing writers here, before <c>BEGIN</c>, keeps every
/// thread free. The lock and this gate cover the same span (begin to commit, rollback or close), so code that
/// nests two write transactions on one file would wait here as it already waited on SQLite; the wait is bounded.
/// </remarks>
public sealed class SqliteWriteGate : DbConnectionInterceptor, IDbTransactionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>How long a writer waits for the gate; SQLite's own busy timeout (5 s) is the same kind of limit.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    private readonly ConcurrentDictionary<string, FileGate> _gates = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, Hold> _held = new();
    private readonly ConditionalWeakTable<DbTransaction, Hold> _byTransaction = new();

    /// <summary>
    /// WAL with synchronous=NORMAL: a commit no longer waits for an fsync of the log, only checkpoints do.
    /// Committed transactions survive a crash or kill of the app (the log is in the OS's hands); only a power
    /// loss or OS crash can undo the last moments, never corrupt the file. SQLite recommends this pairing.
    /// busy_timeout: a writer outside this process (or a statement outside a transaction) that finds the lock
    /// taken waits inside SQLite (its busy handler retries after 1, 2, 5, 10 … ms, up to 5 s) instead of
    /// returning SQLITE_BUSY to Microsoft.Data.Sqlite, whose own retry loop sleeps 150 ms per attempt.
    /// Both are settings of the physical connection, which Microsoft.Data.Sqlite keeps open in its pool; EF opens and
    /// closes a pooled connection around every query, so they are set once per physical connection (its handle),
    /// not on every open (issue 8: that was two statements more per query).
    /// </summary>
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured(connection);
        }
    }

    private readonly ConditionalWeakTable<object, object> _configured = new();

    /// <summary>
    /// The same settings for a connection opened outside EF (the group commit's), plus what EF's SQLite provider
    /// turns on at every open of its own: foreign keys (a per-handle setting, so once per physical connection).
    /// </summary>
    internal void Configure(SqliteConnection connection)
    {
        if (NeedsPragmas(connection) || !_foreignKeys.TryGetValue(connection.Handle!, out _))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas + " PRAGMA foreign_keys=1;";
            command.ExecuteNonQuery();
            Configured(connection);
            _foreignKeys.AddOrUpdate(connection.Handle!, connection.Handle!);
        }
    }

    private readonly ConditionalWeakTable<object, object> _foreignKeys = new();

    private bool NeedsPragmas(DbConnection connection) => connection is not SqliteConnection { Handle: { } handle } || !_configured.TryGetValue(handle, out _);

    private void Configured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, handle);
        }
    }

    /// <summary>A context disposed with its transaction still open closes the connection: the lock is gone, so is the hold.</summary>
    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = GateOf(connection);
        if (gate is not null)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (!gate.Gate.Wait(Timeout))
            {
                throw TimedOut(connection);
            }

            Waited(System.Diagnostics.Stopwatch.GetTimestamp() - started);
            CommitBatch(gate);
            Hold(connection, gate.Gate);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var gate = GateOf(connection);
        if (gate is not null)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (!await gate.Gate.WaitAsync(Timeout, cancellationToken))
            {
                throw TimedOut(connection);
            }

            Waited(System.Diagnostics.Stopwatch.GetTimestamp() - started);
            CommitBatch(gate);
            Hold(connection, gate.Gate);
        }

        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Track(connection, result);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Track(connection, result);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ReleaseIfEnded(transaction, eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseIfEnded(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <summary>True while a transaction of <paramref name="connection"/> holds the gate (for tests).</summary>
    public bool IsHeld(DbConnection connection) => _held.TryGetValue(connection, out var hold) && hold.Gate is not null;

    private void ReleaseIfEnded(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        // A failed commit or rollback ends the transaction; a failed savepoint does not.
        if (eventData.Action is "Commit" or "Rollback")
        {
            Release(transaction);
        }
    }

    /// <summary>One gate per database file; in-memory databases (one per connection) need none.</summary>
    private FileGate? GateOf(DbConnection connection)
    {
        var file = connection.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || connection.ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _gates.GetOrAdd(Path.GetFullPath(file), static (_, owner) => new FileGate(owner), this);
    }

    /// <summary>
    /// The group commit for a context that may join one: no transaction of its own and its connection closed (a
    /// caller that opened either keeps its usual transaction). Null for in-memory databases.
    /// </summary>
    internal GroupCommit? BatchFor(LeerplatformDbContext context)
    {
        if (context.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var connection = context.Database.GetDbConnection();
        return connection.State == System.Data.ConnectionState.Closed ? GateOf(connection)?.Batch : null;
    }

    /// <summary>
    /// A transaction outside the batch (another kind of write) needs SQLite's write lock, which an open batch
    /// holds until it commits; the gate's holder alone may commit it.
    /// </summary>
    private static void CommitBatch(FileGate gate)
    {
        try
        {
            gate.Batch.CommitOpenBatch();
        }
        catch
        {
            gate.Gate.Release();
            throw;
        }
    }

    private sealed class FileGate
    {
        public FileGate(SqliteWriteGate owner)
        {
            Gate = new HandoffGate();
            Batch = new GroupCommit(Gate, owner);
        }

        public HandoffGate Gate { get; }

        public GroupCommit Batch { get; }
    }

    /// <summary>Commit and rollback report the transaction, not always its (by then cleared) connection.</summary>
    private void Track(DbConnection connection, DbTransaction transaction)
    {
        if (_held.TryGetValue(connection, out var hold))
        {
            _byTransaction.AddOrUpdate(transaction, hold);
        }
    }

    private void Hold(DbConnection connection, HandoffGate gate) => _held.AddOrUpdate(connection, new Hold(this) { Gate = gate });

    private long _transactions;
    private long _commits;
    private long _batchedWriters;
    private long _waitTicks;
    private long _holdTicks;
    private long _maxHoldTicks;

    /// <summary>Writers gated so far, and their summed wait and hold times in ms (for the load diagnostics).</summary>
    public (long Transactions, double WaitMs, double HoldMs, double MaxHoldMs) Statistics =>
        (Interlocked.Read(ref _transactions), Ms(Interlocked.Read(ref _waitTicks)), Ms(Interlocked.Read(ref _holdTicks)), Ms(Interlocked.Read(ref _maxHoldTicks)));

    /// <summary>Group commits so far and the writers they carried (for the load diagnostics).</summary>
    public (long Commits, long Writers) BatchStatistics => (Interlocked.Read(ref _commits), Interlocked.Read(ref _batchedWriters));

    internal void Committed(int writers)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _batchedWriters, writers);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

    internal void Waited(long ticks)
    {
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _waitTicks, ticks);
    }

    internal void Held(long ticks)
    {
        Interlocked.Add(ref _holdTicks, ticks);
        long max;
        while (ticks > (max = Interlocked.Read(ref _maxHoldTicks)) && Interlocked.CompareExchange(ref _maxHoldTicks, ticks, max) != max)
        {
        }
    }

    private void Release(DbConnection connection)
    {
        if (_held.TryGetValue(connection, out var hold))
        {
            hold.Release();
        }
    }

    private void Release(DbTransaction transaction)
    {
        if (_byTransaction.TryGetValue(transaction, out var hold))
        {
            hold.Release();
        }
    }

    private static TimeoutException TimedOut(DbConnection connection) =>
        new($"Another transaction has held the write lock on {connection.DataSource} for over {Timeout.TotalSeconds:0} s.");
}

internal sealed class Hold(SqliteWriteGate owner)
{
    private readonly long _since = System.Diagnostics.Stopwatch.GetTimestamp();

    public HandoffGate? Gate;

    /// <summary>Releases once, whichever of commit, rollback or close comes first.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref Gate, null) is { } gate)
        {
            owner.Held(System.Diagnostics.Stopwatch.GetTimestamp() - _since);
            gate.Release();
        }
    }
}

public static class WriteTransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="body"/> (saves only: do the reads before) in one write transaction and commits it.
    /// The continuation after the gate is not posted back to the caller's synchronization context (a Blazor
    /// circuit's queue), so a writer that got the gate runs straight through to its commit.
    /// </summary>
    public static async Task InWriteTransactionAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, Func<Task> body, CancellationToken cancellationToken)
    {
        // Joins the group commit when it can (see GroupCommit): the body's saves go in with other writers' saves.
        if (database.GetService<Microsoft.EntityFrameworkCore.Infrastructure.ICurrentDbContext>().Context is LeerplatformDbContext context
            && SqliteWriteGate.Instance.BatchFor(context) is { } batch)
        {
            await batch.RunAsync(context, body, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await body().ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
