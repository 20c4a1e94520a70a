using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services;

/// <summary>What a quiz runner shows: the current attempt and what the learner may do next.</summary>
public sealed record QuizView(Guid AttemptId, QuizAttemptState State, QuizResult Result, int AttemptsUsed, int? MaxAttempts, double? BestPercent, bool EverPassed)
{
    public bool CanStartNewAttempt => State.Submitted && (MaxAttempts is null || AttemptsUsed < MaxAttempts);
}

/// <summary>What a case runner shows: the current play-through.</summary>
public sealed record ScenarioView(Guid RunId, int RunNumber, ScenarioRunState State);

/// <summary>
/// Quizzes and cases for the signed-in learner. Every answer and decision is one database transaction that
/// updates the attempt (or run), appends to the response log and updates module status, so a reload, a lost
/// connection or a restart never loses an answer, and an answer never exists without its attempt state.
/// </summary>
public sealed class AssessmentService(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time, XapiRecorder xapi, LearnerRegionService regions)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<QuizView> GetOrStartQuizAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken = default) =>
        StartingOnceAsync(() => GetOrStartQuizOnceAsync(userId, module, page, cancellationToken));

    private async Task<QuizView> GetOrStartQuizOnceAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken)
    {
        var quiz = QuizOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempts = await AttemptsAsync(db, userId, module, quiz, cancellationToken);
        var latest = attempts.LastOrDefault();
        if (latest is not null && Usable(quiz, Read<QuizAttemptState>(latest.StateJson)))
        {
            return View(quiz, latest, attempts);
        }

        var attempt = await StartAttemptAsync(db, userId, module, page, attempts.Count + 1, cancellationToken);
        return View(quiz, attempt, [.. attempts, attempt]);
    }

    public Task<QuizView> AnswerAsync(string userId, LearningModule module, ModulePage page, Guid attemptId, string questionId, ItemResponse response, CancellationToken cancellationToken = default) =>
        UnchangedSinceReadAsync(() => AnswerOnceAsync(userId, module, page, attemptId, questionId, response, cancellationToken));

    private async Task<QuizView> AnswerOnceAsync(string userId, LearningModule module, ModulePage page, Guid attemptId, string questionId, ItemResponse response, CancellationToken cancellationToken)
    {
        var quiz = QuizOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempt = await OwnAttemptAsync(db, userId, attemptId, quiz, cancellationToken);
        var before = Read<QuizAttemptState>(attempt.StateJson);
        var state = QuizEngine.Answer(quiz, before, questionId, response);
        var now = time.GetUtcNow().UtcDateTime;
        var item = state.Item(questionId);
        var sinceLastAction = now - attempt.UpdatedAtUtc;
        Save(attempt, state, now);
        var log = Log(userId, module, quiz.Settings.Id, attempt.Id, "answer", questionId, response, now,
            item.FeedbackShown ? item.Correct : null, item.FeedbackShown ? item.Points : null, item.FeedbackShown ? item.MaxPoints : null);
        var session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
        var progress = await ProgressService.VisitAsync(db, session, module, page.Id, now, cancellationToken);
        session.Add(session.Statements.QuestionAnswered(session.Learner, module, quiz, quiz.FindQuestion(questionId)!, item, progress.Registration, sinceLastAction, now), module.Id, now);
        await db.Database.InWriteTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            await InsertResponseAsync(db, log, cancellationToken);
            await ProgressService.SaveVisitAsync(db, progress, cancellationToken);
            await CompetenceService.RecordAsync(db, Evidence.ForAnswer(userId, module, page, quiz, attempt.Id, questionId, before.Item(questionId), item, log.Id, now), cancellationToken, session);
        }, cancellationToken);
        return View(quiz, attempt, await AttemptsAsync(db, userId, module, quiz, cancellationToken));
    }

    public Task<QuizView> SubmitAsync(string userId, LearningModule module, ModulePage page, Guid attemptId, CancellationToken cancellationToken = default) =>
        UnchangedSinceReadAsync(() => SubmitOnceAsync(userId, module, page, attemptId, cancellationToken));

    private async Task<QuizView> SubmitOnceAsync(string userId, LearningModule module, ModulePage page, Guid attemptId, CancellationToken cancellationToken)
    {
        var quiz = QuizOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempt = await OwnAttemptAsync(db, userId, attemptId, quiz, cancellationToken);
        var before = Read<QuizAttemptState>(attempt.StateJson);
        var state = QuizEngine.Submit(quiz, before);
        var result = QuizEngine.Result(quiz, state);
        var now = time.GetUtcNow().UtcDateTime;
        Save(attempt, state, now);
        attempt.SubmittedAtUtc = now;
        attempt.Percent = result.Percent;
        attempt.Passed = result.Passed;
        var log = Log(userId, module, quiz.Settings.Id, attempt.Id, "submit", quiz.Settings.Id, result, now, result.Passed, result.Points, result.MaxPoints);
        db.LearnerResponses.Add(log);
        var session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
        var progress = await ProgressService.TouchAsync(db, session, module, page.Id, now, withPageViews: true, cancellationToken);
        session.Add(session.Statements.QuizFinished(session.Learner, module, quiz, result, progress.Registration, now - attempt.StartedAtUtc, now), module.Id, now);
        await ProgressService.UpdateStatusAsync(db, session, progress, module, now, cancellationToken);
        await db.Database.InWriteTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            await CompetenceService.RecordAsync(db, Evidence.ForSubmit(userId, module, page, quiz, attempt.Id, before, state, log.Id, now), cancellationToken, session);
        }, cancellationToken);
        return View(quiz, attempt, await AttemptsAsync(db, userId, module, quiz, cancellationToken));
    }

    public async Task<QuizView> StartNewAttemptAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken = default)
    {
        var quiz = QuizOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempts = await AttemptsAsync(db, userId, module, quiz, cancellationToken);
        var current = View(quiz, attempts[^1], attempts);
        if (!current.CanStartNewAttempt)
        {
            throw current.State.Submitted
                ? new AssessmentException("NoAttemptsLeft", "je hebt alle pogingen gebruikt")
                : new AssessmentException("FinishAttemptFirst", "rond eerst de huidige poging af");
        }

        var attempt = await StartAttemptAsync(db, userId, module, page, attempts.Count + 1, cancellationToken);
        return View(quiz, attempt, [.. attempts, attempt]);
    }

    public Task<ScenarioView> GetOrStartScenarioAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken = default) =>
        StartingOnceAsync(() => GetOrStartScenarioOnceAsync(userId, module, page, cancellationToken));

    /// <summary>
    /// Two calls that find no usable attempt or run at the same moment (a component re-rendered while its first
    /// start was on its way, two tabs) both insert number N+1, and the unique index refuses the second; its
    /// retry then finds the first one's attempt or run and continues it, so the learner sees no error.
    /// </summary>
    /// <summary>
    /// Reads happen before the write transaction, so the SQLite write lock is held only while saving (issue 8:
    /// the lock is the one thing all learners share). The attempt's or run's Revision is a concurrency token:
    /// if another action of the same learner (a second tab) saved it in between, nothing is written and the
    /// action runs again on the new state, exactly as if the two had queued one after the other.
    /// </summary>
    private static async Task<T> UnchangedSinceReadAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private static async Task<T> StartingOnceAsync<T>(Func<Task<T>> getOrStart)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await getOrStart();
            }
            catch (DbUpdateException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<ScenarioView> GetOrStartScenarioOnceAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken)
    {
        var scenario = ScenarioOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await LatestRunQuery(db, userId, module.Id, scenario.Id, cancellationToken);
        if (latest is not null && Usable(scenario.ForRegion(Read<ScenarioRunState>(latest.StateJson).Region), Read<ScenarioRunState>(latest.StateJson)))
        {
            return new ScenarioView(latest.Id, latest.RunNumber, Read<ScenarioRunState>(latest.StateJson));
        }

        return await StartRunAsync(db, userId, module, page, (latest?.RunNumber ?? 0) + 1, cancellationToken);
    }

    public Task<ScenarioView> ChooseAsync(string userId, LearningModule module, ModulePage page, Guid runId, string choiceId, int? certainty, string? reason, CancellationToken cancellationToken = default) =>
        UnchangedSinceReadAsync(() => ChooseOnceAsync(userId, module, page, runId, choiceId, certainty, reason, cancellationToken));

    private async Task<ScenarioView> ChooseOnceAsync(string userId, LearningModule module, ModulePage page, Guid runId, string choiceId, int? certainty, string? reason, CancellationToken cancellationToken)
    {
        var scenario = ScenarioOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        ScenarioRun run;
        XapiSession session;
        ProgressVisit progress;
        ScenarioRunState before;
        var now = time.GetUtcNow().UtcDateTime;
        // One pooled connection for the action's reads instead of one per query (issue 8).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            run = await OwnRunAsync(db, userId, runId, scenario, cancellationToken);
            before = Read<ScenarioRunState>(run.StateJson);
            session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
            progress = await ProgressService.VisitAsync(db, session, module, page.Id, now, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var readRevision = run.Revision;
        // A run keeps the regional version it started with, even if the learner changes region halfway.
        scenario = scenario.ForRegion(before.Region);
        var state = ScenarioEngine.Choose(scenario, before, choiceId, certainty, reason);
        var step = state.PendingStep!;
        Save(run, state, now);
        var log = Log(userId, module, scenario.Id, run.Id, "decision", before.CurrentNodeId, step, now, null, step.Deltas.Sum(d => d.Delta), null);
        session.Add(session.Statements.Decision(session.Learner, module, scenario, scenario.FindNode(before.CurrentNodeId)!, step, progress.Registration, now), module.Id, now);
        await db.Database.InWriteTransactionAsync(async () =>
        {
            await SaveRunAsync(db, run, readRevision, cancellationToken);
            await InsertResponseAsync(db, log, cancellationToken);
            await ProgressService.SaveVisitAsync(db, progress, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await CompetenceService.RecordAsync(db, Evidence.ForDecision(userId, module, page, scenario, run.Id, step, log.Id, now), cancellationToken, session);
        }, cancellationToken);
        return new ScenarioView(run.Id, run.RunNumber, state);
    }

    public Task<ScenarioView> ContinueAsync(string userId, LearningModule module, ModulePage page, Guid runId, CancellationToken cancellationToken = default) =>
        UnchangedSinceReadAsync(() => ContinueOnceAsync(userId, module, page, runId, cancellationToken));

    private async Task<ScenarioView> ContinueOnceAsync(string userId, LearningModule module, ModulePage page, Guid runId, CancellationToken cancellationToken)
    {
        var scenario = ScenarioOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await OwnRunAsync(db, userId, runId, scenario, cancellationToken);
        var readRevision = run.Revision;
        var before = Read<ScenarioRunState>(run.StateJson);
        scenario = scenario.ForRegion(before.Region);
        var state = ScenarioEngine.Continue(scenario, before);
        var now = time.GetUtcNow().UtcDateTime;
        Save(run, state, now);
        if (state.Finished)
        {
            run.FinishedAtUtc = now;
            run.Outcome = state.Outcome!.Value.ToString().ToLowerInvariant();
            // Tracked as unchanged (SaveRunAsync writes it) so the module status below counts this case as finished:
            // it looks at the context's pending runs as well as the stored ones.
            db.ScenarioRuns.Attach(run);
            db.LearnerResponses.Add(Log(userId, module, scenario.Id, run.Id, "ending", state.CurrentNodeId,
                new { state.Outcome, state.Scores }, now, null, state.Scores.Values.Sum(), null));
            var session = await xapi.BeginAsync(db, userId, cancellationToken, module.Id);
            var progress = await ProgressService.TouchAsync(db, session, module, page.Id, now, withPageViews: true, cancellationToken);
            session.Add(session.Statements.ScenarioFinished(session.Learner, module, scenario, state, progress.Registration, now), module.Id, now);
            await ProgressService.UpdateStatusAsync(db, session, progress, module, now, cancellationToken);
        }

        await db.Database.InWriteTransactionAsync(async () =>
        {
            await SaveRunAsync(db, run, readRevision, cancellationToken);
            if (state.Finished)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }, cancellationToken);
        return new ScenarioView(run.Id, run.RunNumber, state);
    }

    /// <summary>Plays a finished case again from the start (the earlier run stays in the history).</summary>
    public async Task<ScenarioView> RestartScenarioAsync(string userId, LearningModule module, ModulePage page, CancellationToken cancellationToken = default)
    {
        var scenario = ScenarioOf(page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await LatestRunQuery(db, userId, module.Id, scenario.Id, cancellationToken);
        return await StartRunAsync(db, userId, module, page, (last?.RunNumber ?? 0) + 1, cancellationToken);
    }

    private async Task<QuizAttempt> StartAttemptAsync(LeerplatformDbContext db, string userId, LearningModule module, ModulePage page, int number, CancellationToken cancellationToken)
    {
        var quiz = QuizOf(page);
        var now = time.GetUtcNow().UtcDateTime;
        var state = QuizEngine.Start(quiz, RandomNumberGenerator.GetInt32(int.MaxValue), number);
        var attempt = new QuizAttempt
        {
            UserId = userId, ModuleId = module.Id, ModuleVersion = module.Metadata.Version, PageId = page.Id, QuizId = quiz.Settings.Id,
            AttemptNumber = number, StateJson = Write(state), StartedAtUtc = now, UpdatedAtUtc = now,
        };
        db.QuizAttempts.Add(attempt);
        await ProgressService.TouchAsync(db, await xapi.BeginAsync(db, userId, cancellationToken, module.Id), module, page.Id, now, withPageViews: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    private async Task<ScenarioView> StartRunAsync(LeerplatformDbContext db, string userId, LearningModule module, ModulePage page, int number, CancellationToken cancellationToken)
    {
        // A new run plays the version for the learner's region (Vlaanderen or Nederland) as set now.
        var region = await regions.GetAsync(userId, cancellationToken);
        var scenario = ScenarioOf(page).ForRegion(region);
        var now = time.GetUtcNow().UtcDateTime;
        var state = ScenarioEngine.Start(scenario);
        var run = new ScenarioRun
        {
            UserId = userId, ModuleId = module.Id, ModuleVersion = module.Metadata.Version, PageId = page.Id, ScenarioId = scenario.Id,
            RunNumber = number, StateJson = Write(state), StartedAtUtc = now, UpdatedAtUtc = now,
        };
        db.ScenarioRuns.Add(run);
        await ProgressService.TouchAsync(db, await xapi.BeginAsync(db, userId, cancellationToken, module.Id), module, page.Id, now, withPageViews: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new ScenarioView(run.Id, run.RunNumber, state);
    }

    // Compiled once: these run on every answer and decision, and EF otherwise re-walks and re-hashes the
    // expression tree of each query to find it in its cache (issue 8).
    private static readonly Func<LeerplatformDbContext, string, string, string, IAsyncEnumerable<QuizAttempt>> AttemptsQuery =
        EF.CompileAsyncQuery<LeerplatformDbContext, string, string, string, QuizAttempt>((db, userId, moduleId, quizId) =>
            db.QuizAttempts.Where(a => a.UserId == userId && a.ModuleId == moduleId && a.QuizId == quizId).OrderBy(a => a.AttemptNumber));

    private static readonly Func<LeerplatformDbContext, Guid, string, string, CancellationToken, Task<QuizAttempt?>> AttemptQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, Guid attemptId, string userId, string quizId, CancellationToken _) =>
            db.QuizAttempts.FirstOrDefault(a => a.Id == attemptId && a.UserId == userId && a.QuizId == quizId));

    // Runs are read untracked: a run's new state is written by SaveRunAsync, not by the change tracker.
    private static readonly Func<LeerplatformDbContext, Guid, string, string, CancellationToken, Task<ScenarioRun?>> RunQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, Guid runId, string userId, string scenarioId, CancellationToken _) =>
            db.ScenarioRuns.AsNoTracking().FirstOrDefault(r => r.Id == runId && r.UserId == userId && r.ScenarioId == scenarioId));

    private static readonly Func<LeerplatformDbContext, string, string, string, CancellationToken, Task<ScenarioRun?>> LatestRunQuery =
        EF.CompileAsyncQuery((LeerplatformDbContext db, string userId, string moduleId, string scenarioId, CancellationToken _) =>
            db.ScenarioRuns.AsNoTracking().Where(r => r.UserId == userId && r.ModuleId == moduleId && r.ScenarioId == scenarioId)
                .OrderByDescending(r => r.RunNumber).FirstOrDefault());

    private static async Task<List<QuizAttempt>> AttemptsAsync(LeerplatformDbContext db, string userId, LearningModule module, Quiz quiz, CancellationToken cancellationToken)
    {
        var attempts = new List<QuizAttempt>();
        await foreach (var attempt in AttemptsQuery(db, userId, module.Id, quiz.Settings.Id).WithCancellation(cancellationToken))
        {
            attempts.Add(attempt);
        }

        return attempts;
    }

    /// <summary>The attempt must belong to the signed-in learner: ids alone never grant access.</summary>
    private static async Task<QuizAttempt> OwnAttemptAsync(LeerplatformDbContext db, string userId, Guid attemptId, Quiz quiz, CancellationToken cancellationToken) =>
        await AttemptQuery(db, attemptId, userId, quiz.Settings.Id, cancellationToken)
        ?? throw new AssessmentException("AttemptNotFound", "deze poging bestaat niet (meer)");

    private static async Task<ScenarioRun> OwnRunAsync(LeerplatformDbContext db, string userId, Guid runId, Scenario scenario, CancellationToken cancellationToken) =>
        await RunQuery(db, runId, userId, scenario.Id, cancellationToken)
        ?? throw new AssessmentException("RunNotFound", "deze casus bestaat niet (meer)");

    private static QuizView View(Quiz quiz, QuizAttempt attempt, IReadOnlyList<QuizAttempt> all)
    {
        var state = Read<QuizAttemptState>(attempt.StateJson);
        var submitted = all.Where(a => a.SubmittedAtUtc is not null).ToList();
        return new QuizView(attempt.Id, state, QuizEngine.Result(quiz, state), all.Count, quiz.Settings.MaxAttempts,
            submitted.Count == 0 ? null : submitted.Max(a => a.Percent), submitted.Any(a => a.Passed == true));
    }

    /// <summary>An attempt started on an older version can only go on if every question it drew still exists.</summary>
    private static bool Usable(Quiz quiz, QuizAttemptState state) =>
        state.QuizId == quiz.Settings.Id && state.QuestionOrder.All(id => quiz.FindQuestion(id) is not null);

    private static bool Usable(Scenario scenario, ScenarioRunState state) =>
        state.ScenarioId == scenario.Id && scenario.FindNode(state.CurrentNodeId) is not null
        && (state.PendingStep is null || scenario.FindNode(state.PendingStep.TargetNodeId) is not null);

    private static void Save(QuizAttempt attempt, QuizAttemptState state, DateTime now)
    {
        attempt.StateJson = Write(state);
        attempt.UpdatedAtUtc = now;
        attempt.Revision++;
    }

    private static void Save(ScenarioRun run, ScenarioRunState state, DateTime now)
    {
        run.StateJson = Write(state);
        run.UpdatedAtUtc = now;
        run.Revision++;
    }

    /// <summary>
    /// Writes a run's new state with one prepared UPDATE in the current transaction (every decision and every
    /// "continue" does this; through the change tracker it cost more than the update itself, issue 8). The
    /// Revision read with the run must still be the stored one, as EF's concurrency token would check: otherwise
    /// another tab moved the run on, nothing is written, and the action runs again on the new state.
    /// </summary>
    private static async Task SaveRunAsync(LeerplatformDbContext db, ScenarioRun run, int readRevision, CancellationToken cancellationToken)
    {
        await using var update = RawSql.Command(db, """
            UPDATE ScenarioRuns SET StateJson = $state, UpdatedAtUtc = $at, Revision = $revision, FinishedAtUtc = $finished, Outcome = $outcome
            WHERE Id = $id AND Revision = $read
            """, "$state", "$at", "$revision", "$finished", "$outcome", "$id", "$read");
        RawSql.Set(update, run.StateJson, RawSql.Date(run.UpdatedAtUtc), run.Revision, run.FinishedAtUtc is { } finished ? RawSql.Date(finished) : null,
            run.Outcome, RawSql.Guid(run.Id), readRevision);
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new DbUpdateConcurrencyException($"Case run {run.Id} was changed since it was read.");
        }
    }

    /// <summary>
    /// Inserts a response row with prepared SQL in the action's transaction and sets its id, which the evidence
    /// rows refer to. One of these is written with every answer and decision (issue 8); values are stored as EF's
    /// SQLite provider stores them (booleans 0/1, Guids as upper-case text, dates as text).
    /// </summary>
    private static async Task InsertResponseAsync(LeerplatformDbContext db, LearnerResponse log, CancellationToken cancellationToken)
    {
        await using var insert = RawSql.Command(db, """
            INSERT INTO LearnerResponses (UserId, ModuleId, ActivityId, AttemptId, Kind, ItemId, ResponseJson, Correct, Points, MaxPoints, AtUtc)
            VALUES ($user, $module, $activity, $attempt, $kind, $item, $response, $correct, $points, $max, $at)
            RETURNING Id
            """, "$user", "$module", "$activity", "$attempt", "$kind", "$item", "$response", "$correct", "$points", "$max", "$at");
        RawSql.Set(insert, log.UserId, log.ModuleId, log.ActivityId, RawSql.Guid(log.AttemptId), log.Kind, log.ItemId, log.ResponseJson,
            log.Correct is { } correct ? (correct ? 1 : 0) : null, log.Points, log.MaxPoints, RawSql.Date(log.AtUtc));
        log.Id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    private static LearnerResponse Log(string userId, LearningModule module, string activityId, Guid attemptId, string kind, string itemId,
        object response, DateTime now, bool? correct, double? points, double? maxPoints) => new()
    {
        UserId = userId, ModuleId = module.Id, ActivityId = activityId, AttemptId = attemptId, Kind = kind, ItemId = itemId,
        ResponseJson = JsonSerializer.Serialize(response, Json), Correct = correct, Points = points, MaxPoints = maxPoints, AtUtc = now,
    };

    private static Quiz QuizOf(ModulePage page) => page.Quiz ?? throw new AssessmentException("NoQuizOnPage", "deze pagina heeft geen toets");

    private static Scenario ScenarioOf(ModulePage page) => page.Scenario ?? throw new AssessmentException("NoCaseOnPage", "deze pagina heeft geen casus");

    private static string Write<T>(T state) => JsonSerializer.Serialize(state, Json);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException("Empty attempt state.");
}
