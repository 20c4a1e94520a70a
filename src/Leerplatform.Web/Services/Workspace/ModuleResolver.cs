using Leerplatform.Core.Content;
using Leerplatform.Data;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Workspace;

/// <summary>A module as one learner gets it, and the organisation that wrote it (null: the platform library).</summary>
public sealed record ResolvedModule(LearningModule Module, string? OrganisationId);

/// <summary>
/// Which module a person sees under an id: the platform library (<c>content/</c>) for everyone, an organisation's
/// published module only for its members. Within an attempt in progress the learner keeps the version they
/// started; a new attempt (nothing started, or the last one completed) gets the newest version.
/// </summary>
public sealed class ModuleResolver(ContentCatalog catalog, IDbContextFactory<LeerplatformDbContext> contexts, PublishedModules published)
{
    public async Task<ResolvedModule?> FindAsync(string? userId, string moduleId, CancellationToken cancellationToken = default)
    {
        if (catalog.Current.FindModule(moduleId) is { } platform)
        {
            return new ResolvedModule(platform, null);
        }

        if (userId is null)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from m in db.WorkspaceModules.AsNoTracking()
                         join member in db.OrganisationMembers.AsNoTracking() on m.OrganisationId equals member.OrganisationId
                         where m.ModuleId == moduleId && m.LatestVersion > 0 && member.UserId == userId
                         select new { m.Id, m.OrganisationId, m.LatestVersion }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var progress = await db.ModuleProgress.AsNoTracking().Where(p => p.UserId == userId && p.ModuleId == moduleId)
            .Select(p => new { p.ModuleVersion, p.CompletedAtUtc }).FirstOrDefaultAsync(cancellationToken);
        var number = progress is { CompletedAtUtc: null } && PinnedNumber(progress.ModuleVersion) is { } pinned && pinned <= row.LatestVersion
            ? pinned
            : row.LatestVersion;
        var module = Load(row.Id, moduleId, number);
        return module is null ? null : new ResolvedModule(module, row.OrganisationId);
    }

    /// <summary>The platform library plus the newest published modules of the user's organisations.</summary>
    public async Task<IReadOnlyList<ResolvedModule>> ListAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var modules = catalog.Current.Modules.Select(m => new ResolvedModule(m, null)).ToList();
        if (userId is null)
        {
            return modules;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.WorkspaceModules.AsNoTracking()
                          join member in db.OrganisationMembers.AsNoTracking() on m.OrganisationId equals member.OrganisationId
                          where m.LatestVersion > 0 && member.UserId == userId
                          select new { m.Id, m.ModuleId, m.OrganisationId, m.LatestVersion }).ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => catalog.Current.FindModule(r.ModuleId) is null))
        {
            if (Load(row.Id, row.ModuleId, row.LatestVersion) is { } module)
            {
                modules.Add(new ResolvedModule(module, row.OrganisationId));
            }
        }

        return modules;
    }

    /// <summary>Every module the user can open, by id, in the version they would get (pinned while in progress).</summary>
    public async Task<IReadOnlyDictionary<string, LearningModule>> ByIdAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, LearningModule>(StringComparer.Ordinal);
        foreach (var resolved in await ListAsync(userId, cancellationToken))
        {
            result[resolved.Module.Id] = resolved.OrganisationId is null
                ? resolved.Module
                : (await FindAsync(userId, resolved.Module.Id, cancellationToken))?.Module ?? resolved.Module;
        }

        return result;
    }

    /// <summary>
    /// The platform library plus an organisation's published modules (newest versions), as one library: for
    /// trainers' pages (review queue, reports) that look up questions and cases of any module their people take.
    /// </summary>
    public async Task<ContentLibrary> LibraryForOrganisationAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.WorkspaceModules.AsNoTracking().Where(m => m.OrganisationId == organisationId && m.LatestVersion > 0)
            .Select(m => new { m.Id, m.ModuleId, m.LatestVersion }).ToListAsync(cancellationToken);
        return Combine(rows.Select(r => Load(r.Id, r.ModuleId, r.LatestVersion)));
    }

    /// <summary>The platform library plus the published modules of every organisation the user belongs to.</summary>
    public async Task<ContentLibrary> LibraryForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        Combine((await ListAsync(userId, cancellationToken)).Where(r => r.OrganisationId is not null).Select(r => r.Module));

    private ContentLibrary Combine(IEnumerable<LearningModule?> extra)
    {
        var platform = catalog.Current;
        var modules = platform.Modules.Concat(extra.OfType<LearningModule>().Where(m => platform.FindModule(m.Id) is null)).ToList();
        return modules.Count == platform.Modules.Count ? platform
            : new ContentLibrary(platform.RootPath, modules, platform.Competences, platform.Diagnostics, platform.Skipped, platform.LoadedAt);
    }

    private LearningModule? Load(string workspaceModuleId, string moduleId, int number) =>
        published.Get(workspaceModuleId, moduleId, number, () =>
        {
            using var db = contexts.CreateDbContext();
            return db.ModuleVersions.AsNoTracking().Where(v => v.WorkspaceModuleId == workspaceModuleId && v.Number == number).Select(v => v.Package).Single();
        });

    /// <summary>"1.0.0+3" → 3: the published version a record was made on.</summary>
    internal static int? PinnedNumber(string version)
    {
        var plus = version.LastIndexOf('+');
        return plus >= 0 && int.TryParse(version.AsSpan(plus + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
