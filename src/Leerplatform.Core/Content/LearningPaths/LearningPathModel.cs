using System.Collections.Frozen;

namespace Leerplatform.Core.Content.LearningPaths;

/// <summary>What a step of a learning path is: a module to take, or an assignment to hand in.</summary>
public enum PathStepKind
{
    /// <summary>A module of the library (<c>module: m2-drempels</c>).</summary>
    Module,

    /// <summary>An assignment file of the path (<c>opdracht: quick-scan</c>).</summary>
    Assignment,
}

/// <summary>
/// One step of a learning path, in order. <see cref="Ref"/> is the module id or the assignment slug; for an
/// assignment, <see cref="Assignment"/> holds its instructions.
/// </summary>
/// <param name="Number">1-based position in the path.</param>
public sealed record PathStep(int Number, PathStepKind Kind, string Ref, PathAssignment? Assignment)
{
    /// <summary>Stable key of the step within its path ("module:m2-drempels", "opdracht:quick-scan").</summary>
    public string Key => $"{(Kind == PathStepKind.Module ? "module" : "opdracht")}:{Ref}";
}

/// <summary>An assignment between modules (<c>opdracht-&lt;slug&gt;.md</c>), rendered once at load time.</summary>
/// <param name="Slug">Stable id: the file name without <c>opdracht-</c> and <c>.md</c>; used in URLs and records.</param>
/// <param name="Html">Sanitised HTML of the instructions (same pipeline as module pages).</param>
/// <param name="SourcePath">Path relative to the content root, for messages.</param>
public sealed record PathAssignment(string Slug, string Title, int DurationMinutes, IReadOnlyList<string> Competences, string Html, string SourcePath);

/// <summary>
/// A learning path (<c>content/leerlijnen/&lt;map&gt;/leerlijn.md</c>): an ordered series of modules and assignments,
/// such as the managers' path that mirrors the Flemish coaching trajectory. Immutable, like modules.
/// </summary>
public sealed class LearningPath
{
    private readonly FrozenDictionary<string, PathAssignment> _assignments;

    public LearningPath(string id, string title, string summary, IReadOnlyList<Audience> audiences, int durationMinutes,
        string introHtml, IReadOnlyList<PathStep> steps, string sourcePath)
    {
        Id = id;
        Title = title;
        Summary = summary;
        Audiences = audiences;
        DurationMinutes = durationMinutes;
        IntroHtml = introHtml;
        Steps = steps;
        SourcePath = sourcePath;
        _assignments = steps.Where(s => s.Assignment is not null).ToFrozenDictionary(s => s.Ref, s => s.Assignment!, StringComparer.Ordinal);
    }

    public string Id { get; }

    public string Title { get; }

    public string Summary { get; }

    public IReadOnlyList<Audience> Audiences { get; }

    /// <summary>Estimated minutes for the whole path as the author states it (<c>duur</c>).</summary>
    public int DurationMinutes { get; }

    /// <summary>The body of leerlijn.md, rendered.</summary>
    public string IntroHtml { get; }

    public IReadOnlyList<PathStep> Steps { get; }

    public string SourcePath { get; }

    public PathAssignment? FindAssignment(string slug) => _assignments.GetValueOrDefault(slug);

    /// <summary>The module ids the path uses, in order.</summary>
    public IEnumerable<string> ModuleIds => Steps.Where(s => s.Kind == PathStepKind.Module).Select(s => s.Ref);
}
