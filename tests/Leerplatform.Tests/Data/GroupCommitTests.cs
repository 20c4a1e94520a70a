using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Tests.Data;

/// <summary>
/// Group commit (issue 8): writers queued at the gate share one SQLite transaction, each still all or nothing,
/// and none hears it succeeded before its commit.
/// </summary>
[Collection(nameof(GroupCommitTests))]
[CollectionDefinition(nameof(GroupCommitTests), DisableParallelization = true)]
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private string _connection = string.Empty;

    public async Task InitializeAsync()
    {
        _connection = $"Data Source={_temp.Combine("batch.db")}";
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
    public async Task WritersQueuedBehindATransactionShareOneCommitAndAllLand()
    {
        var (commitsBefore, writersBefore) = SqliteWriteGate.Instance.BatchStatistics;
        var saves = await QueueBehindHolderAsync(Enumerable.Range(1, 10).Select(i => Save(new Organisation { Id = $"o{i:00}", Name = $"O{i}" })).ToList());

        await Task.WhenAll(saves).WaitAsync(TimeSpan.FromSeconds(20));
        var (commitsAfter, writersAfter) = SqliteWriteGate.Instance.BatchStatistics;
        Assert.Equal(10, writersAfter - writersBefore);
        // Ten writers, one transaction (two if the first got the gate before the others had queued).
        Assert.InRange(commitsAfter - commitsBefore, 1, 2);
        await using var check = NewContext();
        Assert.Equal(11, await check.Organisations.CountAsync());
    }

    [Fact]
    public async Task AWriterThatFailsIsRolledBackAloneAndTheOthersLand()
    {
        await using (var seed = NewContext())
        {
            seed.Organisations.Add(new Organisation { Id = "taken", Name = "Taken" });
            await seed.SaveChangesAsync();
        }

        var saves = await QueueBehindHolderAsync(
        [
            Save(new Organisation { Id = "a", Name = "A" }),
            Save(new Organisation { Id = "taken", Name = "Twice" }),
            Save(new Organisation { Id = "c", Name = "C" }),
        ]);

        await Task.WhenAll(saves[0], saves[2]).WaitAsync(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<DbUpdateException>(() => saves[1]);
        await using var check = NewContext();
        Assert.Equal(["a", "c", "holder", "taken"], await check.Organisations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
        Assert.Equal("Taken", (await check.Organisations.SingleAsync(o => o.Id == "taken")).Name);
    }

    [Fact]
    public async Task TheFirstWriterOfABatchFailingTakesNothingElseWithIt()
    {
        // The first writer runs without a savepoint (nothing else is in the batch yet): its failure rolls back
        // the whole transaction, and the writers behind it start a new one.
        await using (var seed = NewContext())
        {
            seed.Organisations.Add(new Organisation { Id = "taken", Name = "Taken" });
            await seed.SaveChangesAsync();
        }

        var saves = await QueueBehindHolderAsync(
        [
            Save(new Organisation { Id = "taken", Name = "Twice" }),
            Save(new Organisation { Id = "b", Name = "B" }),
            Save(new Organisation { Id = "c", Name = "C" }),
        ]);

        await Assert.ThrowsAsync<DbUpdateException>(() => saves[0]);
        await Task.WhenAll(saves[1], saves[2]).WaitAsync(TimeSpan.FromSeconds(20));
        await using var check = NewContext();
        Assert.Equal(["b", "c", "holder", "taken"], await check.Organisations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
    }

    [Fact]
    public async Task WhenTheCommitFailsNoWriterOfTheBatchIsToldItSucceeded()
    {
        // A foreign key checked only at COMMIT makes the whole batch's commit fail after every body succeeded.
        var saves = await QueueBehindHolderAsync(
        [
            Save(new Organisation { Id = "first", Name = "First" }),
            Raw("PRAGMA defer_foreign_keys = ON; INSERT INTO UserRoles (UserId, Role) VALUES ('nobody', 'learner');"),
            Save(new Organisation { Id = "third", Name = "Third" }),
        ]);

        foreach (var save in saves)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => save.WaitAsync(TimeSpan.FromSeconds(20)));
        }

        await using var check = NewContext();
        Assert.Equal(["holder"], await check.Organisations.Select(o => o.Id).ToListAsync());
        Assert.Equal(0, await check.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM UserRoles").SingleAsync());

        // The gate is free again and the next writer commits on its own.
        await Save(new Organisation { Id = "after", Name = "After" })().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ForeignKeysAreCheckedInABatchAsInEfsOwnTransactions()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => Raw("INSERT INTO UserRoles (UserId, Role) VALUES ('nobody', 'learner');")());
        Assert.Contains("FOREIGN KEY", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AWriterAloneCommitsAtOnce()
    {
        var (commitsBefore, _) = SqliteWriteGate.Instance.BatchStatistics;
        await Save(new Organisation { Id = "solo", Name = "Solo" })();
        Assert.Equal(commitsBefore + 1, SqliteWriteGate.Instance.BatchStatistics.Commits);
        // Committed, so a fresh connection sees it.
        await using var connection = new SqliteConnection(_connection);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Organisations WHERE Id = 'solo'";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnOrdinaryTransactionCommitsTheOpenBatchBeforeItBegins()
    {
        // A batch writer whose save is still running holds the gate and the open batch (SQLite's write lock).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inBody = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batched = Task.Run(async () =>
        {
            await using var db = NewContext();
            await db.Database.InWriteTransactionAsync(async () =>
            {
                db.Organisations.Add(new Organisation { Id = "batched", Name = "Batched" });
                await db.SaveChangesAsync();
                inBody.SetResult();
                await release.Task;
            }, CancellationToken.None);
        });
        await inBody.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // An ordinary transaction queues at the gate meanwhile.
        await using var ordinary = NewContext();
        var begun = ordinary.Database.BeginTransactionAsync();
        await Task.Delay(200);
        Assert.False(begun.IsCompleted, "the ordinary transaction must wait for the batch writer");

        release.SetResult();
        await using var transaction = await begun.WaitAsync(TimeSpan.FromSeconds(10));
        // It got the gate only after committing the batch: the batch writer is done, and its row is stored,
        // while the ordinary transaction is still open (so it cannot be waiting behind it in SQLite).
        await batched.WaitAsync(TimeSpan.FromSeconds(10));
        await using (var connection = new SqliteConnection(_connection))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Organisations WHERE Id = 'batched'";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }

        ordinary.Organisations.Add(new Organisation { Id = "ordinary", Name = "Ordinary" });
        await ordinary.SaveChangesAsync();
        await transaction.CommitAsync();
        await using var check = NewContext();
        Assert.Equal(["batched", "ordinary"], await check.Organisations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
    }

    /// <summary>Holds the gate with an ordinary transaction, starts the writers so they queue behind it, then commits it.</summary>
    private async Task<List<Task>> QueueBehindHolderAsync(List<Func<Task>> writers)
    {
        await using var holder = NewContext();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        holder.Organisations.Add(new Organisation { Id = "holder", Name = "Holder" });
        await holder.SaveChangesAsync();
        var started = new List<Task>();
        foreach (var writer in writers)
        {
            started.Add(Task.Run(writer));
            // One at a time, so they queue in this order.
            await Task.Delay(100);
        }

        Assert.All(started, t => Assert.False(t.IsCompleted, "a writer must wait while the holder has the gate"));
        await transaction.CommitAsync();
        return started;
    }

    private Func<Task> Save(Organisation organisation) => async () =>
    {
        await using var db = NewContext();
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
    };

    private Func<Task> Raw(string sql) => async () =>
    {
        await using var db = NewContext();
        await db.Database.InWriteTransactionAsync(async () => await db.Database.ExecuteSqlRawAsync(sql), CancellationToken.None);
    };

    private LeerplatformDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<LeerplatformDbContext>();
        DataServiceCollectionExtensions.Configure(options, _connection);
        return new LeerplatformDbContext(options.Options);
    }
}
