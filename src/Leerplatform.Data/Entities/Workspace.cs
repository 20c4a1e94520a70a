namespace Leerplatform.Data.Entities;

/// <summary>
/// A module an organisation writes in the browser. Its draft files live in <see cref="WorkspaceFile"/>; each
/// publication is an immutable <see cref="ModuleVersion"/>. Only the organisation's members ever see it.
/// </summary>
public sealed class WorkspaceModule
{
    /// <summary>Random, used in workspace URLs (always checked against the organisation in the route too).</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string OrganisationId { get; set; } = string.Empty;

    /// <summary>The module id learners' records refer to; fixed at creation, unique across the platform.</summary>
    public string ModuleId { get; set; } = string.Empty;

    /// <summary>Title of the draft, for the workspace list.</summary>
    public string Title { get; set; } = string.Empty;

    public string CreatedByUserId { get; set; } = string.Empty;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime DraftUpdatedAtUtc { get; set; }

    /// <summary>Number of the newest published version; 0 while never published.</summary>
    public int LatestVersion { get; set; }
}

/// <summary>One file of a module's draft (Markdown or an image), by its path inside the module folder.</summary>
public sealed class WorkspaceFile
{
    public string WorkspaceModuleId { get; set; } = string.Empty;

    /// <summary>Forward slashes, relative to the module folder: <c>module.md</c>, <c>02-casus.md</c>, <c>afbeeldingen/a.png</c>.</summary>
    public string Path { get; set; } = string.Empty;

    public byte[] Content { get; set; } = [];

    public DateTime UpdatedAtUtc { get; set; }

    public string? UpdatedByUserId { get; set; }
}

/// <summary>A published version: the module's files as a zip, never changed after publication.</summary>
public sealed class ModuleVersion
{
    public string WorkspaceModuleId { get; set; } = string.Empty;

    public int Number { get; set; }

    public byte[] Package { get; set; } = [];

    /// <summary>SHA-256 of the package, hex.</summary>
    public string PackageHash { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string PublishedByUserId { get; set; } = string.Empty;

    public DateTime PublishedAtUtc { get; set; }

    /// <summary>What changed, as the trainer wrote it when publishing.</summary>
    public string? Note { get; set; }
}
