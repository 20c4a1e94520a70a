using System.Text.RegularExpressions;
using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Packages;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Workspace;

public sealed record WorkspaceModuleRow(string Id, string ModuleId, string Title, int LatestVersion, DateTime DraftUpdatedAtUtc, DateTime? PublishedAtUtc);

public sealed record VersionRow(int Number, string Title, string PublishedBy, DateTime PublishedAtUtc, string? Note);

/// <summary>A draft as the editor opens it.</summary>
public sealed record Draft(string Id, string ModuleId, string Title, int LatestVersion, IReadOnlyList<ModuleFile> Files);

/// <summary>A refused workspace action; <see cref="Code"/> names the resource <c>Workspace_Error_{Code}</c>, the message is the detail.</summary>
public sealed class WorkspaceException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Modules an organisation writes in the browser: drafts, immutable published versions, zip import and export.
/// Every call takes the organisation from the (authorised) route and finds a module only within it, so a
/// workspace id of another organisation is simply not found.
/// </summary>
public sealed partial class WorkspaceService(IDbContextFactory<LeerplatformDbContext> contexts, ContentCatalog catalog, DraftCompiler compiler, TimeProvider time)
{
    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex ModuleIdPattern();

    public async Task<IReadOnlyList<WorkspaceModuleRow>> ListAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WorkspaceModules.AsNoTracking().Where(m => m.OrganisationId == organisationId)
            .OrderBy(m => m.Title)
            .Select(m => new WorkspaceModuleRow(m.Id, m.ModuleId, m.Title, m.LatestVersion, m.DraftUpdatedAtUtc,
                db.ModuleVersions.Where(v => v.WorkspaceModuleId == m.Id && v.Number == m.LatestVersion).Select(v => (DateTime?)v.PublishedAtUtc).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Starts a module from a small template that already passes the checks.</summary>
    public async Task<string> CreateAsync(string organisationId, string userId, string title, string moduleId, CancellationToken cancellationToken = default)
    {
        title = title.Trim();
        moduleId = moduleId.Trim();
        if (title.Length is < 3 or > 200)
        {
            throw new WorkspaceException("Title", "de titel telt 3 tot 200 tekens");
        }

        var files = new[]
        {
            ModuleFile.FromText(ContentLoader.ModuleFile, Template.Module(moduleId, title)),
            ModuleFile.FromText("01-inleiding.md", Template.FirstPage),
        };
        return await AddAsync(organisationId, userId, moduleId, title, files, cancellationToken);
    }

    public async Task<Draft> GetDraftAsync(string organisationId, string workspaceModuleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var module = await FindAsync(db, organisationId, workspaceModuleId, cancellationToken);
        var files = await db.WorkspaceFiles.AsNoTracking().Where(f => f.WorkspaceModuleId == module.Id).ToListAsync(cancellationToken);
        return new Draft(module.Id, module.ModuleId, module.Title, module.LatestVersion,
            files.OrderBy(f => f.Path, NaturalStringComparer.Instance).Select(f => new ModuleFile(f.Path, f.Content)).ToList());
    }

    /// <summary>One saved file of the draft (for images in the preview), or null.</summary>
    public async Task<byte[]?> DraftFileAsync(string organisationId, string workspaceModuleId, string path, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var module = await FindAsync(db, organisationId, workspaceModuleId, cancellationToken);
        return await db.WorkspaceFiles.AsNoTracking().Where(f => f.WorkspaceModuleId == module.Id && f.Path == path).Select(f => f.Content).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Saves the draft's files as given: changed ones are updated, new ones added, missing ones deleted.</summary>
    public async Task SaveDraftAsync(string organisationId, string workspaceModuleId, string userId, IReadOnlyList<ModuleFile> files, CancellationToken cancellationToken = default)
    {
        foreach (var file in files)
        {
            Check(file);
        }

        if (files.All(f => f.Path != ContentLoader.ModuleFile))
        {
            throw new WorkspaceException("ModuleFileMissing", $"{ContentLoader.ModuleFile} kan niet weg: het beschrijft de module");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var module = await FindAsync(db, organisationId, workspaceModuleId, cancellationToken);
        var stored = await db.WorkspaceFiles.Where(f => f.WorkspaceModuleId == module.Id).ToDictionaryAsync(f => f.Path, cancellationToken);
        foreach (var file in files)
        {
            if (!stored.Remove(file.Path, out var existing))
            {
                db.WorkspaceFiles.Add(new WorkspaceFile { WorkspaceModuleId = module.Id, Path = file.Path, Content = file.Content, UpdatedAtUtc = now, UpdatedByUserId = userId });
            }
            else if (!existing.Content.AsSpan().SequenceEqual(file.Content))
            {
                existing.Content = file.Content;
                existing.UpdatedAtUtc = now;
                existing.UpdatedByUserId = userId;
            }
        }

        db.WorkspaceFiles.RemoveRange(stored.Values);
        module.DraftUpdatedAtUtc = now;
        if (compiler.Compile(module.ModuleId, files).Module is { } compiled)
        {
            module.Title = compiled.Title.Length > 200 ? compiled.Title[..200] : compiled.Title;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes the saved draft as the next immutable version. Refused while the loader reports any error, or when
    /// the front matter's id is not the module's fixed id.
    /// </summary>
    public async Task<int> PublishAsync(string organisationId, string workspaceModuleId, string userId, string? note, CancellationToken cancellationToken = default)
    {
        var draft = await GetDraftAsync(organisationId, workspaceModuleId, cancellationToken);
        var result = compiler.Compile(draft.ModuleId, draft.Files);
        if (result.Module is not { } module)
        {
            var first = result.Diagnostics.First(d => d.IsError);
            throw new WorkspaceException("HasErrors", $"{first.Path}:{first.Line}:{first.Column}: {first.Message}");
        }

        if (module.Id != draft.ModuleId)
        {
            throw new WorkspaceException("IdChanged", $"{ContentLoader.ModuleFile}: het id moet '{draft.ModuleId}' blijven, want leerrecords verwijzen ernaar");
        }

        var package = ModulePackage.ToZip(draft.ModuleId, draft.Files);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await FindAsync(db, organisationId, workspaceModuleId, cancellationToken);
        var number = stored.LatestVersion + 1;
        db.ModuleVersions.Add(new ModuleVersion
        {
            WorkspaceModuleId = stored.Id, Number = number, Package = package, PackageHash = ModulePackage.Hash(package),
            Title = module.Title.Length > 200 ? module.Title[..200] : module.Title, PublishedByUserId = userId,
            PublishedAtUtc = time.GetUtcNow().UtcDateTime, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 1000)],
        });
        stored.LatestVersion = number;
        stored.Title = module.Title.Length > 200 ? module.Title[..200] : module.Title;
        // The primary key (module, number) makes two simultaneous publications of the same number fail, not overwrite.
        await db.SaveChangesAsync(cancellationToken);
        return number;
    }

    public async Task<IReadOnlyList<VersionRow>> VersionsAsync(string organisationId, string workspaceModuleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var module = await FindAsync(db, organisationId, workspaceModuleId, cancellationToken);
        return await (from v in db.ModuleVersions.AsNoTracking()
                      join u in db.Users.AsNoTracking() on v.PublishedByUserId equals u.Id into publishers
                      from u in publishers.DefaultIfEmpty()
                      where v.WorkspaceModuleId == module.Id
                      orderby v.Number descending
                      select new VersionRow(v.Number, v.Title, u != null ? u.DisplayName : string.Empty, v.PublishedAtUtc, v.Note)).ToListAsync(cancellationToken);
    }

    /// <summary>The draft (version 0) or a published version as a zip with the module folder at the top.</summary>
    public async Task<(string FileName, byte[] Zip)> ExportAsync(string organisationId, string workspaceModuleId, int? version, CancellationToken cancellationToken = default)
    {
        if (version is null)
        {
            var draft = await GetDraftAsync(organisationId, workspaceModuleId, cancellationToken);
            return ($"{draft.ModuleId}-concept.zip", ModulePackage.ToZip(draft.ModuleId, draft.Files));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var module = await FindAsync(db, organisationId, workspaceModuleId, cancellationToken);
        var package = await db.ModuleVersions.Where(v => v.WorkspaceModuleId == module.Id && v.Number == version).Select(v => v.Package).FirstOrDefaultAsync(cancellationToken)
                      ?? throw new WorkspaceException("NotFound", $"versie {version} bestaat niet");
        return ($"{module.ModuleId}-v{version}.zip", package);
    }

    /// <summary>
    /// Imports a module zip: a new workspace module, or a new draft for the organisation's module with the same id.
    /// The whole zip is checked first; nothing is stored when any file is refused.
    /// </summary>
    /// <returns>The workspace module id.</returns>
    public async Task<string> ImportAsync(string organisationId, string userId, Stream zip, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ModuleFile> files;
        try
        {
            files = ModulePackage.FromZip(zip);
        }
        catch (ModulePackageException exception)
        {
            throw new WorkspaceException("Package", exception.Message);
        }

        var moduleFile = files.Single(f => f.Path == ContentLoader.ModuleFile);
        var moduleId = Template.ReadId(moduleFile.Text)
                       ?? throw new WorkspaceException("Package", $"{ContentLoader.ModuleFile}: geen 'id:' gevonden in de front matter");
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var existing = await db.WorkspaceModules.AsNoTracking().FirstOrDefaultAsync(m => m.ModuleId == moduleId, cancellationToken);
            if (existing is not null && existing.OrganisationId == organisationId)
            {
                await SaveDraftAsync(organisationId, existing.Id, userId, files, cancellationToken);
                return existing.Id;
            }
        }

        var title = compiler.Compile(moduleId, files).Module?.Title ?? moduleId;
        return await AddAsync(organisationId, userId, moduleId, title, files, cancellationToken);
    }

    private async Task<string> AddAsync(string organisationId, string userId, string moduleId, string title, IReadOnlyList<ModuleFile> files, CancellationToken cancellationToken)
    {
        if (!ModuleIdPattern().IsMatch(moduleId) || moduleId.Length > 64)
        {
            throw new WorkspaceException("ModuleId", $"'{moduleId}': een id bestaat uit kleine letters, cijfers en streepjes (maximaal 64 tekens)");
        }

        foreach (var file in files)
        {
            Check(file);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Ids are global: learners' records name a module by id alone, whichever organisation wrote it.
        if (catalog.Current.FindModule(moduleId) is not null || await db.WorkspaceModules.AnyAsync(m => m.ModuleId == moduleId, cancellationToken))
        {
            throw new WorkspaceException("ModuleIdTaken", $"het id '{moduleId}' is al in gebruik; kies een ander");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var module = new WorkspaceModule
        {
            OrganisationId = organisationId, ModuleId = moduleId, Title = title.Length > 200 ? title[..200] : title,
            CreatedByUserId = userId, CreatedAtUtc = now, DraftUpdatedAtUtc = now,
        };
        db.WorkspaceModules.Add(module);
        db.WorkspaceFiles.AddRange(files.Select(f => new WorkspaceFile { WorkspaceModuleId = module.Id, Path = f.Path, Content = f.Content, UpdatedAtUtc = now, UpdatedByUserId = userId }));
        await db.SaveChangesAsync(cancellationToken);
        return module.Id;
    }

    private static async Task<WorkspaceModule> FindAsync(LeerplatformDbContext db, string organisationId, string workspaceModuleId, CancellationToken cancellationToken) =>
        await db.WorkspaceModules.FirstOrDefaultAsync(m => m.Id == workspaceModuleId && m.OrganisationId == organisationId, cancellationToken)
        ?? throw new WorkspaceException("NotFound", "deze module bestaat niet in deze organisatie");

    private static void Check(ModuleFile file)
    {
        try
        {
            ModulePackage.Check(file);
        }
        catch (ModulePackageException exception)
        {
            throw new WorkspaceException("File", exception.Message);
        }
    }
}
