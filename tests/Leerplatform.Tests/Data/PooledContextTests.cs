using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Data;

/// <summary>Contexts are pooled (issue 8): a reused context must carry nothing over from its previous use.</summary>
public sealed class PooledContextTests
{
    [Fact]
    public async Task AReusedContextForgetsUnsavedWorkAndSettings()
    {
        using var temp = new TempDirectory();
        await using var services = new ServiceCollection().AddLeerplatformData($"Data Source={temp.Combine("pool.db")}").BuildServiceProvider();
        var contexts = services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>();
        await DataServiceCollectionExtensions.MigrateAsync(contexts);

        LeerplatformDbContext first;
        var ran = 0;
        await using (first = await contexts.CreateDbContextAsync())
        {
            first.ChangeTracker.AutoDetectChangesEnabled = false;
            first.AfterSave((_, _) =>
            {
                ran++;
                return Task.CompletedTask;
            });
            first.AfterCommit(() => ran++);
            first.Organisations.Add(new Organisation { Id = "never", Name = "Never saved" });
        }

        await using var second = await contexts.CreateDbContextAsync();
        Assert.Same(first, second);
        Assert.True(second.ChangeTracker.AutoDetectChangesEnabled);
        Assert.Empty(second.ChangeTracker.Entries());
        second.Organisations.Add(new Organisation { Id = "saved", Name = "Saved" });
        await second.SaveChangesAsync();

        Assert.Equal(0, ran);
        Assert.Equal(["saved"], await second.Organisations.Select(o => o.Id).ToListAsync());
        SqliteConnection.ClearAllPools();
    }
}
