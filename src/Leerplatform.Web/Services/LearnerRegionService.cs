using Leerplatform.Core.Assessment;
using Leerplatform.Data;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services;

/// <summary>
/// The learner's region setting (Vlaanderen or Nederland): which regional passages and case versions they get.
/// Read on every page; cached in a <see cref="DirectoryCache{TKey,TValue}"/>, so a change on the settings page
/// still applies everywhere at once.
/// </summary>
public sealed class LearnerRegionService(IDbContextFactory<LeerplatformDbContext> contexts)
{
    private readonly DirectoryCache<string, string?> _cache = new();

    public static bool IsValid(string? region) => region is null || RegionCondition.All.Contains(region);

    public async Task<string?> GetAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return null;
        }

        return await _cache.GetAsync(userId, contexts, static async (id, contexts, cancellationToken) =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Users.Where(u => u.Id == id).Select(u => u.Region).FirstOrDefaultAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Sets or clears the region; anything but "vl", "nl" or null is refused.</summary>
    public async Task SetAsync(string userId, string? region, CancellationToken cancellationToken = default)
    {
        if (!IsValid(region))
        {
            throw new ArgumentException($"onbekende regio '{region}'", nameof(region));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Region, region), cancellationToken);
        DirectoryVersion.Bump();
    }
}
