namespace Leerplatform.Data.Entities;

/// <summary>
/// A learner's reading progress in one module: where they are, which pages they have seen, and whether
/// they finished. One row per learner and module.
/// </summary>
public sealed class ModuleProgress
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string ModuleId { get; set; } = string.Empty;

    /// <summary>Module version the learner last read; kept so later versions can be told apart.</summary>
    public string ModuleVersion { get; set; } = string.Empty;

    /// <summary>The page to resume at.</summary>
    public string CurrentPageId { get; set; } = string.Empty;

    public DateTime StartedAtUtc { get; set; }

    public DateTime LastVisitedAtUtc { get; set; }

    /// <summary>Every page seen, every quiz handed in and every case finished.</summary>
    public DateTime? CompletedAtUtc { get; set; }

    /// <summary>Every graded quiz of the module passed.</summary>
    public DateTime? PassedAtUtc { get; set; }

    /// <summary>
    /// The xAPI registration of this attempt at the module: every statement about it carries this id, so an
    /// LRS can group them. A new attempt (after a reset) gets a new one.
    /// </summary>
    public Guid Registration { get; set; } = Guid.NewGuid();

    /// <summary>Whether the learner left the module unfinished (suspended), so the next visit is "resumed".</summary>
    public bool Suspended { get; set; }

    public List<PageView> PageViews { get; set; } = [];
}

/// <summary>The first time a learner saw a page of a module.</summary>
public sealed class PageView
{
    public long Id { get; set; }

    public long ModuleProgressId { get; set; }

    public string PageId { get; set; } = string.Empty;

    public DateTime FirstViewedAtUtc { get; set; }
}
