using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Tests.Integration;
using Leerplatform.Web.Services;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Data;

/// <summary>
/// Directory facts are cached (issue 8); the cache is right only if every committed change to them bumps the
/// version, and only after the commit (a bump before it would let a reader cache the old row under the new
/// version). Serial: the version is process-wide, and other tests' changes would bump it too.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DirectoryVersionTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ServiceProvider _services;
    private readonly IDbContextFactory<LeerplatformDbContext> _contexts;

    public DirectoryVersionTests()
    {
        _services = new ServiceCollection().AddLeerplatformData($"Data Source={_temp.Combine("directory.db")}").BuildServiceProvider();
        _contexts = _services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>();
        DataServiceCollectionExtensions.MigrateAsync(_contexts).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task ASavedDirectoryChangeBumpsTheVersionWhenItCommitsAndNotBefore()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var before = DirectoryVersion.Current;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Organisations.Add(new Organisation { Id = "o1", Name = "Eén" });
            await db.SaveChangesAsync();
            Assert.Equal(before, DirectoryVersion.Current);
            await transaction.CommitAsync();
        }

        Assert.Equal(before + 1, DirectoryVersion.Current);

        // Without a caller's transaction the save commits its own.
        db.Organisations.Single().Name = "Een";
        await db.SaveChangesAsync();
        Assert.Equal(before + 2, DirectoryVersion.Current);
    }

    [Fact]
    public async Task ARolledBackOrOtherChangeLeavesTheVersionAlone()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        db.Users.Add(new AppUser { Id = "u1", UserName = "u1", Email = "u1@example.org", DisplayName = "U1" });
        await db.SaveChangesAsync();
        var before = DirectoryVersion.Current;

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = "nergens", UserId = "u1" });
            db.Organisations.Add(new Organisation { Id = "nergens", Name = "Nergens" });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        db.ModuleProgress.Add(new ModuleProgress { UserId = "u1", ModuleId = "m1", CurrentPageId = "p1" });
        await db.SaveChangesAsync();
        // A change of a user that is not saved (the tracker only) bumps nothing either.
        (await db.Users.SingleAsync()).DisplayName = "Nooit opgeslagen";
        Assert.Equal(before, DirectoryVersion.Current);
    }

    [Fact]
    public async Task ACachedFactIsReadAgainAfterAChangeAndNotBefore()
    {
        var cache = new DirectoryCache<string, int>();
        var loads = 0;
        Task<int> Load(string key, int state, CancellationToken cancellationToken) => Task.FromResult(++loads * state);

        Assert.Equal(10, await cache.GetAsync("a", 10, Load, CancellationToken.None));
        Assert.Equal(10, await cache.GetAsync("a", 10, Load, CancellationToken.None));
        Assert.Equal(1, loads);

        DirectoryVersion.Bump();
        Assert.Equal(20, await cache.GetAsync("a", 10, Load, CancellationToken.None));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task AChangeCommittedWhileAFactIsReadOutdatesWhatWasRead()
    {
        var cache = new DirectoryCache<string, string>();
        var reads = 0;
        async Task<string> ReadDuringChange(string key, int state, CancellationToken cancellationToken)
        {
            reads++;
            await Task.Yield();
            // The change commits (and bumps) after the read began: the row read may be the old one.
            DirectoryVersion.Bump();
            return "oud";
        }

        Assert.Equal("oud", await cache.GetAsync("a", 0, ReadDuringChange, CancellationToken.None));
        Assert.Equal("nieuw", await cache.GetAsync("a", 0, (_, _, _) => Task.FromResult("nieuw"), CancellationToken.None));
        Assert.Equal(1, reads);
    }
}
