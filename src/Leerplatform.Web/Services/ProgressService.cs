using Leerplatform.Core.Content;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services;

/// <summary>A learner's progress in one module, measured against the module as it is loaded now.</summary>
public sealed record ModuleProgressView(
    string ModuleId,
    string ModuleVersion,
    string CurrentPageId,
    int PagesViewed,
    int PagesTotal,
    DateTime StartedAtUtc,
    DateTime LastVisitedAtUtc,
    DateTime? CompletedAtUtc,
    IReadOnlyList<string> ViewedPageIds)
{
    public bool IsCompleted => CompletedAtUtc is not null;

    public int Percent => PagesTotal == 0 ? 0 : (int)Math.Round(100.0 * PagesViewed / PagesTotal);
}

/// <summary>
/// Reading progress: every call takes the learner's id from the signed-in principal (never from a URL or a
/// request body), so one learner can neither read nor change another's progress.
/// </summary>
public sealed class ProgressService(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time)
{
    /// <summary>Records that the learner sees <paramref name="page"/> now; completes the module when every page has been seen.</summary>
    public async Task<ModuleProgressView> RecordPageViewAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecordOnceAsync(userId, module, page, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two tabs recording the first view at the same moment collide on a unique index; the retry
                // sees the other's row and updates it instead.
            }
        }
    }

    private async Task<ModuleProgressView> RecordOnceAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var progress = await db.ModuleProgress.Include(p => p.PageViews)
            .FirstOrDefaultAsync(p => p.UserId == userId && p.ModuleId == module.Id, cancellationToken);
        if (progress is null)
        {
            progress = new ModuleProgress { UserId = userId, ModuleId = module.Id, StartedAtUtc = now };
            db.ModuleProgress.Add(progress);
        }

        progress.ModuleVersion = module.Metadata.Version;
        progress.CurrentPageId = page.Id;
        progress.LastVisitedAtUtc = now;
        if (!progress.PageViews.Any(v => v.PageId == page.Id))
        {
            progress.PageViews.Add(new PageView { PageId = page.Id, FirstViewedAtUtc = now });
        }

        var view = ToView(progress, module);
        if (progress.CompletedAtUtc is null && view.PagesViewed == view.PagesTotal)
        {
            progress.CompletedAtUtc = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToView(progress, module);
    }

    public async Task<ModuleProgressView?> GetAsync(string userId, LearningModule module, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var progress = await db.ModuleProgress.AsNoTracking().Include(p => p.PageViews)
            .FirstOrDefaultAsync(p => p.UserId == userId && p.ModuleId == module.Id, cancellationToken);
        return progress is null ? null : ToView(progress, module);
    }

    /// <summary>All of a learner's progress, newest first; modules no longer in the library are reported with zero pages.</summary>
    public async Task<IReadOnlyList<ModuleProgressView>> ListAsync(string userId, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ModuleProgress.AsNoTracking().Include(p => p.PageViews)
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.LastVisitedAtUtc)
            .ToListAsync(cancellationToken);
        return rows.Select(p => ToView(p, library.FindModule(p.ModuleId))).ToList();
    }

    private static ModuleProgressView ToView(ModuleProgress progress, LearningModule? module)
    {
        // Count only pages that still exist, so a new module version never shows more than 100 %.
        var viewed = module is null
            ? []
            : progress.PageViews.Where(v => module.FindPage(v.PageId) is not null).Select(v => v.PageId).ToList();
        return new ModuleProgressView(progress.ModuleId, progress.ModuleVersion, progress.CurrentPageId, viewed.Count,
            module?.Pages.Count ?? 0, progress.StartedAtUtc, progress.LastVisitedAtUtc, progress.CompletedAtUtc, viewed);
    }
}
