using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services.Xapi;
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
    IReadOnlyList<string> ViewedPageIds,
    int QuizzesSubmitted = 0,
    int QuizzesTotal = 0,
    int ScenariosFinished = 0,
    int ScenariosTotal = 0,
    DateTime? PassedAtUtc = null,
    bool IsMastered = false)
{
    public bool IsCompleted => CompletedAtUtc is not null;

    public bool IsPassed => PassedAtUtc is not null;

    public int Percent => PagesTotal == 0 ? 0 : (int)Math.Round(100.0 * PagesViewed / PagesTotal);
}

/// <summary>
/// Reading progress and module status: every call takes the learner's id from the signed-in principal (never
/// from a URL or a request body), so one learner can neither read nor change another's progress.
/// </summary>
public sealed class ProgressService(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time, XapiRecorder xapi)
{
    /// <summary>Records that the learner sees <paramref name="page"/> now, and updates completion.</summary>
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
        var session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
        var progress = await TouchAsync(db, session, module, page.Id, now, withPageViews: true, cancellationToken);
        session.Add(session.Statements.PageExperienced(session.Learner, module, page, progress.Registration, now), module.Id, now);
        var isNewPage = !progress.PageViews.Any(v => v.PageId == page.Id);
        if (isNewPage)
        {
            progress.PageViews.Add(new PageView { PageId = page.Id, FirstViewedAtUtc = now });
        }

        var view = await UpdateStatusAsync(db, session, progress, module, now, cancellationToken);
        if (isNewPage)
        {
            session.Add(session.Statements.Progressed(session.Learner, module, progress.Registration, view.Percent, now), module.Id, now);
        }

        // One SaveChanges = one transaction: the page view and its statements are stored together.
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }

    // Compiled once: they run on every page view, answer and decision (issue 8).
    private static readonly Func<LeerplatformDbContext, string, string, CancellationToken, Task<ModuleProgress?>> ProgressQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, string userId, string moduleId, CancellationToken _) =>
            db.ModuleProgress.Include(p => p.PageViews).FirstOrDefault(p => p.UserId == userId && p.ModuleId == moduleId));

    private static readonly Func<LeerplatformDbContext, string, string, CancellationToken, Task<ModuleProgress?>> ProgressOnlyQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, string userId, string moduleId, CancellationToken _) =>
            db.ModuleProgress.FirstOrDefault(p => p.UserId == userId && p.ModuleId == moduleId));

    /// <summary>
    /// Finds or creates the learner's progress row inside <paramref name="db"/> (the caller's transaction),
    /// so a quiz answer and the module status it causes are saved together.
    /// </summary>
    /// <param name="withPageViews">
    /// Load the page views too: needed to work out module status (<see cref="UpdateStatusAsync"/>), not to record an
    /// answer or a decision, where tracking a row per page would only cost (issue 8).
    /// </param>
    internal static async Task<ModuleProgress> TouchAsync(LeerplatformDbContext db, XapiSession xapi, LearningModule module, string pageId, DateTime now, bool withPageViews, CancellationToken cancellationToken)
    {
        var userId = xapi.Learner.UserId;
        var progress = db.ModuleProgress.Local.FirstOrDefault(p => p.UserId == userId && p.ModuleId == module.Id)
                       ?? await (withPageViews ? ProgressQuery : ProgressOnlyQuery)(db, userId, module.Id, cancellationToken);
        if (progress is null)
        {
            progress = new ModuleProgress { UserId = userId, ModuleId = module.Id, StartedAtUtc = now, CurrentPageId = pageId };
            db.ModuleProgress.Add(progress);
            // The first contact with a module starts its attempt (registration): launched, then initialized.
            xapi.Module(module, progress.Registration, LearningStatements.Verbs.Launched, now);
            xapi.Module(module, progress.Registration, LearningStatements.Verbs.Initialized, now);
        }

        progress.ModuleVersion = module.Metadata.Version;
        progress.CurrentPageId = pageId;
        progress.LastVisitedAtUtc = now;
        return progress;
    }

    private static readonly Func<LeerplatformDbContext, string, string, CancellationToken, Task<Guid?>> RegistrationQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, string userId, string moduleId, CancellationToken _) =>
            db.ModuleProgress.Where(p => p.UserId == userId && p.ModuleId == moduleId).Select(p => (Guid?)p.Registration).FirstOrDefault());

    /// <summary>
    /// The progress row of an action that only moves the learner's place in the module (an answer, a decision):
    /// its registration for the statements, and the visit to write with <see cref="SaveVisitAsync"/> in the
    /// action's transaction. Reading one column and updating three with prepared SQL costs a fraction of loading,
    /// tracking and saving the row through EF, and this runs on every answer and decision (issue 8). A first
    /// contact with the module still creates the row through EF, with its launched and initialized statements.
    /// </summary>
    internal static async Task<ProgressVisit> VisitAsync(LeerplatformDbContext db, XapiSession xapi, LearningModule module, string pageId, DateTime now, CancellationToken cancellationToken)
    {
        var userId = xapi.Learner.UserId;
        if (db.ModuleProgress.Local.Count == 0 && await RegistrationQuery(db, userId, module.Id, cancellationToken) is { } registration)
        {
            return new ProgressVisit(registration, userId, module.Id, module.Metadata.Version, pageId, now, Tracked: false);
        }

        var progress = await TouchAsync(db, xapi, module, pageId, now, withPageViews: false, cancellationToken);
        return new ProgressVisit(progress.Registration, userId, module.Id, module.Metadata.Version, pageId, now, Tracked: true);
    }

    /// <summary>Writes a visit read by <see cref="VisitAsync"/>; call inside the action's write transaction.</summary>
    /// <exception cref="DbUpdateConcurrencyException">The row was deleted since it was read (a reset): the caller's retry starts over.</exception>
    internal static async Task SaveVisitAsync(LeerplatformDbContext db, ProgressVisit visit, CancellationToken cancellationToken)
    {
        if (visit.Tracked)
        {
            // A new or already tracked row: the caller's SaveChanges writes it.
            return;
        }

        await using var update = RawSql.Command(db, """
            UPDATE ModuleProgress SET ModuleVersion = $version, CurrentPageId = $page, LastVisitedAtUtc = $at
            WHERE UserId = $user AND ModuleId = $module
            """, "$version", "$page", "$at", "$user", "$module");
        RawSql.Set(update, visit.ModuleVersion, visit.PageId, RawSql.Date(visit.AtUtc), visit.UserId, visit.ModuleId);
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new DbUpdateConcurrencyException("The module progress row was removed while the action was being saved.");
        }
    }

    /// <summary>Sets the completed and passed dates once their conditions hold; call before SaveChanges.</summary>
    internal static async Task<ModuleProgressView> UpdateStatusAsync(LeerplatformDbContext db, XapiSession xapi, ModuleProgress progress, LearningModule module, DateTime now, CancellationToken cancellationToken)
    {
        var activities = await ActivitiesAsync(db, progress.UserId, [module.Id], cancellationToken);
        var view = ToView(progress, module, activities);
        if (progress.CompletedAtUtc is null && view.PagesViewed == view.PagesTotal
            && view.QuizzesSubmitted == view.QuizzesTotal && view.ScenariosFinished == view.ScenariosTotal)
        {
            progress.CompletedAtUtc = now;
            xapi.Module(module, progress.Registration, LearningStatements.Verbs.Completed, now, new Core.Xapi.Result
            {
                Completion = true,
                Duration = Core.Xapi.XapiDuration.FromTimeSpan(now - progress.StartedAtUtc),
            });
        }

        if (progress.PassedAtUtc is null && module.GradedQuizPages.Any()
            && module.GradedQuizPages.All(p => activities.PassedQuizzes.Contains((module.Id, p.Quiz!.Settings.Id))))
        {
            progress.PassedAtUtc = now;
            xapi.Module(module, progress.Registration, LearningStatements.Verbs.Passed, now, new Core.Xapi.Result { Success = true });
        }

        return ToView(progress, module, activities);
    }

    /// <summary>
    /// The learner opens a module in a new session (a circuit): "initialized", or "resumed" after a suspend.
    /// A first visit has no progress yet; its page view then records launched and initialized.
    /// </summary>
    public async Task OpenModuleAsync(string userId, LearningModule module, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var progress = await db.ModuleProgress.FirstOrDefaultAsync(p => p.UserId == userId && p.ModuleId == module.Id, cancellationToken);
        if (progress is null)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
        session.Module(module, progress.Registration, LearningStatements.Verbs.Initialized, now);
        if (progress.Suspended)
        {
            progress.Suspended = false;
            session.Module(module, progress.Registration, LearningStatements.Verbs.Resumed, now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The learner leaves the module (another page of the app, closed tab, lost connection): an unfinished
    /// module is "suspended", then the session is "terminated".
    /// </summary>
    public async Task LeaveModuleAsync(string userId, LearningModule module, DateTime sessionStartedUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var progress = await db.ModuleProgress.FirstOrDefaultAsync(p => p.UserId == userId && p.ModuleId == module.Id, cancellationToken);
        if (progress is null)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
        if (progress.CompletedAtUtc is null && !progress.Suspended)
        {
            progress.Suspended = true;
            session.Module(module, progress.Registration, LearningStatements.Verbs.Suspended, now);
        }

        session.Module(module, progress.Registration, LearningStatements.Verbs.Terminated, now, new Core.Xapi.Result
        {
            Duration = Core.Xapi.XapiDuration.FromTimeSpan(now - sessionStartedUtc),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ModuleProgressView?> GetAsync(string userId, LearningModule module, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var progress = await db.ModuleProgress.AsNoTracking().Include(p => p.PageViews)
            .FirstOrDefaultAsync(p => p.UserId == userId && p.ModuleId == module.Id, cancellationToken);
        return progress is null ? null : ToView(progress, module, await ActivitiesAsync(db, userId, [module.Id], cancellationToken));
    }

    /// <summary>All of a learner's progress, newest first; modules no longer in the library are reported with zero pages.</summary>
    public Task<IReadOnlyList<ModuleProgressView>> ListAsync(string userId, ContentLibrary library, CancellationToken cancellationToken = default) =>
        ListAsync(userId, library.FindModule, cancellationToken);

    /// <param name="find">The module the learner would get for an id (platform or organisation module), or null.</param>
    public async Task<IReadOnlyList<ModuleProgressView>> ListAsync(string userId, Func<string, LearningModule?> find, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ModuleProgress.AsNoTracking().Include(p => p.PageViews)
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.LastVisitedAtUtc)
            .ToListAsync(cancellationToken);
        var activities = await ActivitiesAsync(db, userId, rows.Select(r => r.ModuleId).ToList(), cancellationToken);
        return rows.Select(p => ToView(p, find(p.ModuleId), activities)).ToList();
    }

    internal sealed record ActivityStatus(
        HashSet<(string Module, string Quiz)> SubmittedQuizzes,
        HashSet<(string Module, string Quiz)> PassedQuizzes,
        HashSet<(string Module, string Scenario)> FinishedScenarios);

    // Initialised by members, not a constructor: EF can put only member projections into a UNION.
    private sealed class ActivityRow
    {
        public bool IsQuiz { get; init; }

        public string ModuleId { get; init; } = string.Empty;

        public string ActivityId { get; init; } = string.Empty;

        public bool Passed { get; init; }
    }

    private static readonly Func<LeerplatformDbContext, string, string[], IAsyncEnumerable<ActivityRow>> ActivitiesQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, string userId, string[] moduleIds) =>
            db.QuizAttempts.AsNoTracking()
                .Where(a => a.UserId == userId && moduleIds.Contains(a.ModuleId) && a.SubmittedAtUtc != null)
                .Select(a => new ActivityRow { IsQuiz = true, ModuleId = a.ModuleId, ActivityId = a.QuizId, Passed = a.Passed == true })
                .Concat(db.ScenarioRuns.AsNoTracking()
                    .Where(r => r.UserId == userId && moduleIds.Contains(r.ModuleId) && r.FinishedAtUtc != null)
                    .Select(r => new ActivityRow { IsQuiz = false, ModuleId = r.ModuleId, ActivityId = r.ScenarioId, Passed = false })));

    private static async Task<ActivityStatus> ActivitiesAsync(LeerplatformDbContext db, string userId, IReadOnlyCollection<string> moduleIds, CancellationToken cancellationToken)
    {
        // One round trip (UNION ALL) for both kinds: this runs on every page view (issue 8).
        var done = new List<ActivityRow>();
        await foreach (var row in ActivitiesQuery(db, userId, moduleIds as string[] ?? [.. moduleIds]).WithCancellation(cancellationToken))
        {
            done.Add(row);
        }

        var attempts = done.Where(d => d.IsQuiz).Select(d => new { d.ModuleId, QuizId = d.ActivityId, d.Passed }).ToList();
        var runs = done.Where(d => !d.IsQuiz).Select(d => new { d.ModuleId, ScenarioId = d.ActivityId }).ToList();

        // Include what this context is about to save (the caller's own transaction).
        var pendingAttempts = db.QuizAttempts.Local.Where(a => a.UserId == userId && a.SubmittedAtUtc != null);
        var pendingRuns = db.ScenarioRuns.Local.Where(r => r.UserId == userId && r.FinishedAtUtc != null);
        return new ActivityStatus(
            attempts.Select(a => (a.ModuleId, a.QuizId)).Concat(pendingAttempts.Select(a => (a.ModuleId, a.QuizId))).ToHashSet(),
            attempts.Where(a => a.Passed).Select(a => (a.ModuleId, a.QuizId)).Concat(pendingAttempts.Where(a => a.Passed == true).Select(a => (a.ModuleId, a.QuizId))).ToHashSet(),
            runs.Select(r => (r.ModuleId, r.ScenarioId)).Concat(pendingRuns.Select(r => (r.ModuleId, r.ScenarioId))).ToHashSet());
    }

    private static ModuleProgressView ToView(ModuleProgress progress, LearningModule? module, ActivityStatus activities)
    {
        // Count only pages that still exist, so a new module version never shows more than 100 %.
        var viewed = module is null
            ? []
            : progress.PageViews.Where(v => module.FindPage(v.PageId) is not null).Select(v => v.PageId).ToList();
        var quizzes = module?.Pages.Where(p => p.Quiz is not null).Select(p => p.Quiz!.Settings.Id).ToList() ?? [];
        var scenarios = module?.Pages.Where(p => p.Scenario is not null).Select(p => p.Scenario!.Id).ToList() ?? [];
        var mastered = module?.Metadata.Mastery switch
        {
            MasteryRule.Completed => progress.CompletedAtUtc is not null,
            MasteryRule.Passed => progress.PassedAtUtc is not null,
            MasteryRule.CompletedAndPassed => progress.CompletedAtUtc is not null && progress.PassedAtUtc is not null,
            _ => false,
        };
        return new ModuleProgressView(progress.ModuleId, progress.ModuleVersion, progress.CurrentPageId, viewed.Count,
            module?.Pages.Count ?? 0, progress.StartedAtUtc, progress.LastVisitedAtUtc, progress.CompletedAtUtc, viewed,
            quizzes.Count(q => activities.SubmittedQuizzes.Contains((progress.ModuleId, q))), quizzes.Count,
            scenarios.Count(s => activities.FinishedScenarios.Contains((progress.ModuleId, s))), scenarios.Count,
            progress.PassedAtUtc, mastered);
    }
}

/// <summary>Where and when the learner is in a module, to be written with the action that moved them there.</summary>
internal sealed record ProgressVisit(Guid Registration, string UserId, string ModuleId, string ModuleVersion, string PageId, DateTime AtUtc, bool Tracked);
