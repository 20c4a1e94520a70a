using Leerplatform.Core.Content;
using Leerplatform.Core.Content.LearningPaths;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services.Workspace;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.LearningPaths;

/// <summary>A refused hand-in; the UI shows the resource <c>Path_Error_{Code}</c>.</summary>
public sealed class AssignmentException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The newest hand-in of an assignment (the one that counts) and how many there are.</summary>
public sealed record SubmissionView(string Text, DateTime SubmittedAtUtc, int Count);

/// <summary>A path with the learner's progress and the modules as this learner gets them (titles, durations).</summary>
public sealed record PathView(PathProgress Progress, IReadOnlyDictionary<string, LearningModule> Modules)
{
    public LearningPath Path => Progress.Path;

    public LearningModule? Module(PathStep step) => step.Kind == PathStepKind.Module ? Modules.GetValueOrDefault(step.Ref) : null;

    /// <summary>The module's title as the learner gets it, or the assignment's; a missing module shows its id.</summary>
    public string Title(PathStep step) => step.Assignment?.Title ?? Module(step)?.Title ?? step.Ref;

    public int? DurationMinutes(PathStep step) => step.Assignment?.DurationMinutes ?? Module(step)?.Metadata.DurationMinutes;

    /// <summary>Where the step is done: the module's overview, or the assignment page.</summary>
    public string Url(PathStep step) => step.Kind == PathStepKind.Module
        ? ContentRoutes.Module(step.Ref)
        : LearningPathRoutes.Assignment(Path.Id, step.Ref);
}

/// <summary>
/// Learning paths for the signed-in learner: progress over modules (each module's own mastery rule) and
/// assignments, and hand-ins. The learner's id always comes from the principal; every query is scoped to it.
/// </summary>
public sealed class LearningPathService(
    IDbContextFactory<LeerplatformDbContext> contexts,
    TimeProvider time,
    XapiRecorder xapi,
    ProgressService progress,
    ModuleResolver resolver,
    ContentCatalog catalog)
{
    /// <summary>The longest hand-in we keep (characters, after trimming).</summary>
    public const int MaxText = 10_000;

    public IReadOnlyList<LearningPath> Paths => catalog.Current.LearningPaths;

    public LearningPath? Find(string pathId) => catalog.Current.FindLearningPath(pathId);

    /// <summary>Every path with the learner's progress, in content order.</summary>
    public async Task<IReadOnlyList<PathView>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        await ViewsAsync(userId, Paths, cancellationToken);

    public async Task<PathView> GetAsync(string userId, LearningPath path, CancellationToken cancellationToken = default) =>
        (await ViewsAsync(userId, [path], cancellationToken))[0];

    private async Task<IReadOnlyList<PathView>> ViewsAsync(string userId, IReadOnlyList<LearningPath> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        var modules = await resolver.ByIdAsync(userId, cancellationToken);
        var moduleProgress = (await progress.ListAsync(userId, id => modules.GetValueOrDefault(id), cancellationToken))
            .ToDictionary(p => p.ModuleId, StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pathIds = paths.Select(p => p.Id).ToList();
        var submitted = (await db.AssignmentSubmissions.AsNoTracking()
                .Where(s => s.UserId == userId && pathIds.Contains(s.PathId))
                .Select(s => new { s.PathId, s.AssignmentSlug })
                .Distinct()
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.PathId, s => s.AssignmentSlug);

        StepStatus ModuleStatus(string moduleId) => moduleProgress.GetValueOrDefault(moduleId) switch
        {
            null => StepStatus.NotStarted,
            { IsMastered: true } => StepStatus.Done,
            _ => StepStatus.InProgress,
        };

        return paths.Select(path => new PathView(
            PathProgress.Compute(path, ModuleStatus, submitted[path.Id].ToHashSet(StringComparer.Ordinal)), modules)).ToList();
    }

    /// <summary>The learner's newest hand-in of the assignment, or null.</summary>
    public async Task<SubmissionView?> LatestAsync(string userId, string pathId, string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.AssignmentSubmissions.AsNoTracking().Where(s => s.UserId == userId && s.PathId == pathId && s.AssignmentSlug == slug);
        var latest = await mine.OrderByDescending(s => s.Id).Select(s => new { s.Text, s.SubmittedAtUtc }).FirstOrDefaultAsync(cancellationToken);
        return latest is null ? null : new SubmissionView(latest.Text, latest.SubmittedAtUtc, await mine.CountAsync(cancellationToken));
    }

    /// <summary>
    /// Hands in the assignment: one transaction adds the row (append-only; the newest counts) and its xAPI
    /// statement. Refuses empty text and text over <see cref="MaxText"/> characters.
    /// </summary>
    public async Task<SubmissionView> SubmitAsync(string userId, LearningPath path, PathAssignment assignment, string? text, CancellationToken cancellationToken = default)
    {
        var clean = (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (clean.Length == 0)
        {
            throw new AssignmentException("Empty", "The hand-in is empty.");
        }

        if (clean.Length > MaxText)
        {
            throw new AssignmentException("TooLong", $"The hand-in has {clean.Length} characters; at most {MaxText}.");
        }

        if (path.FindAssignment(assignment.Slug) != assignment)
        {
            throw new AssignmentException("Unknown", "The assignment is not part of this path.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AssignmentSubmissions.Add(new AssignmentSubmission
        {
            UserId = userId,
            PathId = path.Id,
            AssignmentSlug = assignment.Slug,
            Text = clean,
            SubmittedAtUtc = now,
        });
        var session = await xapi.BeginAsync(db, userId, cancellationToken);
        session.Add(PathStatements.AssignmentSubmitted(session.Statements, session.Learner, path, assignment, clean, now,
            code => session.CompetenceName(code)), moduleId: null, now);
        // One SaveChanges = one transaction: the hand-in and its statement are stored together.
        await db.SaveChangesAsync(cancellationToken);
        var count = await db.AssignmentSubmissions.CountAsync(s => s.UserId == userId && s.PathId == path.Id && s.AssignmentSlug == assignment.Slug, cancellationToken);
        return new SubmissionView(clean, now, count);
    }
}
