using System.Collections.Frozen;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content.Markdown;

namespace Leerplatform.Core.Content;

/// <summary>Who a module is written for (front matter key <c>doelgroep</c>).</summary>
public enum Audience
{
    /// <summary>Care and welfare professionals ("professional").</summary>
    Professional,

    /// <summary>Managers and policy staff ("leidinggevende").</summary>
    Manager,
}

/// <summary>
/// One module as loaded from its folder: front matter plus its pages, already rendered to HTML.
/// Immutable, so a loaded library can be shared by every request and circuit without locks.
/// </summary>
public sealed class LearningModule
{
    private readonly FrozenDictionary<string, ModulePage> _pagesById;

    public LearningModule(ModuleMetadata metadata, string introHtml, IReadOnlyList<ModulePage> pages,
        string folderName, string folderPath, string contentHash)
    {
        Metadata = metadata;
        IntroHtml = introHtml;
        Pages = pages;
        FolderName = folderName;
        FolderPath = folderPath;
        ContentHash = contentHash;
        _pagesById = pages.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public ModuleMetadata Metadata { get; }

    public string Id => Metadata.Id;

    public string Title => Metadata.Title;

    /// <summary>The module's introduction (body of module.md), rendered.</summary>
    public string IntroHtml { get; }

    public IReadOnlyList<ModulePage> Pages { get; }

    /// <summary>Folder name under <c>modules/</c>; used in links between modules, never shown to learners.</summary>
    public string FolderName { get; }

    /// <summary>Absolute folder path; images are served from here only.</summary>
    public string FolderPath { get; }

    /// <summary>SHA-256 over the module's files: changes whenever any file changes, used to bust caches.</summary>
    public string ContentHash { get; }

    public ModulePage? FindPage(string pageId) => _pagesById.GetValueOrDefault(pageId);

    /// <summary>Pages with a graded quiz (a pass mark): they decide whether the module is passed.</summary>
    public IEnumerable<ModulePage> GradedQuizPages => Pages.Where(p => p.Quiz?.Settings.PassPercent is not null);

    public ModulePage? FindQuizPage(string quizId) => Pages.FirstOrDefault(p => p.Quiz?.Settings.Id == quizId);

    public ModulePage? FindScenarioPage(string scenarioId) => Pages.FirstOrDefault(p => p.Scenario?.Id == scenarioId);

    public int IndexOf(string pageId) => _pagesById.TryGetValue(pageId, out var page) ? page.Index : -1;
}

/// <summary>The validated front matter of a module.</summary>
public sealed record ModuleMetadata(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<Audience> Audiences,
    IReadOnlyList<string> Competences,
    int DurationMinutes,
    string Language,
    string Version,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Keywords,
    MasteryRule Mastery = MasteryRule.Completed,
    int? PassPercent = null);

/// <summary>One page of a module, rendered once at load time so serving it does no Markdown work.</summary>
/// <param name="Id">Stable page id: the file name without number prefix and extension.</param>
/// <param name="Index">0-based position in the module.</param>
/// <param name="Title">From the page's front matter <c>titel</c> or its first <c># heading</c>.</param>
/// <param name="Html">Sanitised HTML of the page body (the title heading is rendered by the reader).</param>
/// <param name="WordCount">Words of running text, for reading-time checks.</param>
/// <param name="SourcePath">Path relative to the content root, for error messages.</param>
/// <param name="Segments">The page in order: HTML, and where the quiz or case goes.</param>
/// <param name="Quiz">The quiz on this page, if any.</param>
/// <param name="Scenario">The branching case on this page, if any.</param>
public sealed record ModulePage(string Id, int Index, string Title, string Html, int WordCount, string SourcePath,
    IReadOnlyList<PageSegment> Segments, Quiz? Quiz = null, Scenario? Scenario = null);

/// <summary>One competence of the framework in <c>competenties.yml</c>.</summary>
public sealed record Competence(string Code, string Name, string Description, CompetenceLevels? Levels);

/// <summary>Level descriptors: Basis, Vaardig, Voortrekker.</summary>
public sealed record CompetenceLevels(string Basis, string Vaardig, string Voortrekker);

/// <summary>A module folder that could not be loaded, and why (shown to trainers and admins).</summary>
public sealed record SkippedModule(string FolderName, string? ModuleId, IReadOnlyList<ContentDiagnostic> Errors);

/// <summary>
/// Everything loaded from one content folder: valid modules, the competence framework, and every diagnostic.
/// A new instance is built on reload; readers hold on to the one they started with.
/// </summary>
public sealed class ContentLibrary
{
    private readonly FrozenDictionary<string, LearningModule> _modulesById;
    private readonly FrozenDictionary<string, Competence> _competencesByCode;

    public ContentLibrary(string rootPath, IReadOnlyList<LearningModule> modules, IReadOnlyList<Competence> competences,
        IReadOnlyList<ContentDiagnostic> diagnostics, IReadOnlyList<SkippedModule> skipped, DateTimeOffset loadedAt)
    {
        RootPath = rootPath;
        Modules = modules;
        Competences = competences;
        Diagnostics = diagnostics;
        Skipped = skipped;
        LoadedAt = loadedAt;
        _modulesById = modules.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);
        _competencesByCode = competences.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public string RootPath { get; }

    /// <summary>Valid modules in catalogue order.</summary>
    public IReadOnlyList<LearningModule> Modules { get; }

    public IReadOnlyList<Competence> Competences { get; }

    public IReadOnlyList<ContentDiagnostic> Diagnostics { get; }

    public IReadOnlyList<SkippedModule> Skipped { get; }

    public DateTimeOffset LoadedAt { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public LearningModule? FindModule(string id) => _modulesById.GetValueOrDefault(id);

    public Competence? FindCompetence(string code) => _competencesByCode.GetValueOrDefault(code);

    /// <summary>The Bibliotheek: every cited source once, with the pages that cite it.</summary>
    public Library.SourceLibrary Sources { get; init; } = Library.SourceLibrary.Empty;

    /// <summary>Valid learning paths (<c>leerlijnen/</c>), in folder order.</summary>
    public IReadOnlyList<LearningPaths.LearningPath> LearningPaths { get; init; } = [];

    public LearningPaths.LearningPath? FindLearningPath(string id) => LearningPaths.FirstOrDefault(p => p.Id == id);
}
