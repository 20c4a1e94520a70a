using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Tests.Data;

/// <summary>
/// The write gate queues write transactions on one file asynchronously (instead of threads sleeping in SQLite's
/// busy handler) and must always open again: after commit, rollback, a context disposed mid-transaction, and
/// for SaveChanges without an explicit transaction.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private string _connection = string.Empty;

    public async Task InitializeAsync()
    {
        _connection = $"Data Source={_temp.Combine("gate.db")}";
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASecondWriterWaitsWithoutBlockingAndGoesOnAfterCommit()
    {
        await using var first = NewContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        first.Organisations.Add(new Organisation { Id = "a", Name = "A" });
        await first.SaveChangesAsync();
        Assert.True(SqliteWriteGate.Instance.IsHeld(first.Database.GetDbConnection()));
        var waitedBefore = SqliteWriteGate.Instance.Statistics.WaitMs;

        await using var second = NewContext();
        var secondSave = Task.Run(async () =>
        {
            second.Organisations.Add(new Organisation { Id = "b", Name = "B" });
            await second.SaveChangesAsync();
        });

        await Task.Delay(300);
        Assert.False(secondSave.IsCompleted, "the second writer must wait while the first holds the gate");
        await firstTransaction.CommitAsync();
        await secondSave.WaitAsync(TimeSpan.FromSeconds(10));
        // It waited at the gate (asynchronously), not in SQLite's busy handler.
        Assert.True(SqliteWriteGate.Instance.Statistics.WaitMs - waitedBefore >= 250);

        await using var check = NewContext();
        Assert.Equal(["a", "b"], await check.Organisations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
    }

    /// <summary>The settings are made once per physical connection, and a pooled connection opened again still has them.</summary>
    [Fact]
    public async Task EveryOpenedConnectionHasTheSettingsThoughTheyAreMadeOncePerConnection()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var db = NewContext();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(5000L, await command.ExecuteScalarAsync());
        }

        SqliteConnection.ClearAllPools();
        await using var fresh = NewContext();
        await fresh.Database.OpenConnectionAsync();
        await using var check = fresh.Database.GetDbConnection().CreateCommand();
        check.CommandText = "PRAGMA synchronous";
        Assert.Equal(1L, await check.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RollbackOpensTheGate()
    {
        await using (var db = NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True(SqliteWriteGate.Instance.IsHeld(db.Database.GetDbConnection()));
            await transaction.RollbackAsync();
            Assert.False(SqliteWriteGate.Instance.IsHeld(db.Database.GetDbConnection()));
        }

        await SaveWithinAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AContextDisposedMidTransactionOpensTheGate()
    {
        var db = NewContext();
        await db.Database.BeginTransactionAsync();
        db.Organisations.Add(new Organisation { Id = "lost", Name = "Never committed" });
        await db.SaveChangesAsync();
        await db.DisposeAsync();

        await SaveWithinAsync(TimeSpan.FromSeconds(5));
        await using var check = NewContext();
        Assert.False(await check.Organisations.AnyAsync(o => o.Id == "lost"));
    }

    [Fact]
    public async Task AFailedSaveOpensTheGate()
    {
        await using (var db = NewContext())
        {
            db.Organisations.Add(new Organisation { Id = "dup", Name = "One" });
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            db.Organisations.Add(new Organisation { Id = "dup", Name = "Two" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await SaveWithinAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ManyConcurrentWritersAllCommit()
    {
        var writers = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var db = NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Organisations.Add(new Organisation { Id = $"org-{i:00}", Name = $"Org {i}" });
            await db.SaveChangesAsync();
            await Task.Yield();
            await transaction.CommitAsync();
        }));

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        await using var check = NewContext();
        Assert.Equal(40, await check.Organisations.CountAsync());
    }

    private async Task SaveWithinAsync(TimeSpan limit)
    {
        await using var db = NewContext();
        db.Organisations.Add(new Organisation { Id = Guid.NewGuid().ToString("N"), Name = "After" });
        await db.SaveChangesAsync().WaitAsync(limit);
    }

    private LeerplatformDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<LeerplatformDbContext>();
        DataServiceCollectionExtensions.Configure(options, _connection);
        return new LeerplatformDbContext(options.Options);
    }
}
