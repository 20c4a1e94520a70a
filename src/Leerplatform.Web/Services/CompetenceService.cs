using System.Text.Json;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services;

/// <summary>One line of a learner's evidence, resolved against the content for display.</summary>
public sealed record EvidenceView(
    long Id,
    EvidenceKind Kind,
    int Score,
    ProficiencyLevel? Level,
    string ModuleId,
    string ActivityId,
    string PageId,
    string ItemId,
    string? ChoiceId,
    string? Reason,
    DateTime AtUtc);

/// <summary>A learner's standing on one competence, with the evidence behind it (newest first).</summary>
public sealed record CompetenceView(Competence Competence, CompetenceStanding Standing, IReadOnlyList<EvidenceView> Recent, int EvidenceCount);

/// <summary>The result of rebuilding every summary from the evidence log.</summary>
public sealed record RecomputeResult(int Learners, int Summaries, long Evidence, int Changed, TimeSpan Elapsed);

/// <summary>
/// Competence evidence and levels. Evidence is appended in the caller's transaction together with the answer
/// or decision that caused it; the rule's state per learner and competence is then updated incrementally in
/// the same transaction. <see cref="RecomputeAllAsync"/> rebuilds all state from the log (the full path).
/// </summary>
public sealed class CompetenceService(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time, XapiRecorder xapi)
{
    public const int RecentPerCompetence = 10;

    private static readonly JsonSerializerOptions Json = AssessmentService.Json;

    /// <summary>
    /// Saves evidence and applies it to the learners' summaries. Call inside the transaction that saves the
    /// answer (ids are assigned on insert and order the rule's fold). The rows go in as prepared SQL, not through
    /// the change tracker: this runs on every answer and decision, and three saves through EF cost more CPU than
    /// the rest of the action (issue 8). The caller saves its own tracked changes; a level statement is saved here.
    /// </summary>
    internal static async Task RecordAsync(LeerplatformDbContext db, IReadOnlyList<CompetenceEvidence> evidence, CancellationToken cancellationToken, XapiSession? xapi = null)
    {
        if (evidence.Count == 0)
        {
            return;
        }

        var levelChanged = false;
        try
        {
            await InsertEvidenceAsync(db, evidence, cancellationToken);
            await using var read = RawSql.Command(db, "SELECT StateJson FROM CompetenceSummaries WHERE UserId = $user AND Competence = $competence", "$user", "$competence");
            await using var write = RawSql.Command(db, """
                INSERT INTO CompetenceSummaries (UserId, Competence, StateJson, LastEvidenceId, UpdatedAtUtc) VALUES ($user, $competence, $state, $last, $at)
                ON CONFLICT (UserId, Competence) DO UPDATE SET StateJson = excluded.StateJson, LastEvidenceId = excluded.LastEvidenceId, UpdatedAtUtc = excluded.UpdatedAtUtc
                """, "$user", "$competence", "$state", "$last", "$at");
            foreach (var group in evidence.GroupBy(e => (e.UserId, e.Competence)))
            {
                RawSql.Set(read, group.Key.UserId, group.Key.Competence);
                var state = await read.ExecuteScalarAsync(cancellationToken) is string json ? Read(json) : CompetenceState.Empty;
                var at = group.Max(e => e.AtUtc);
                var levelBefore = ProficiencyRule.Evaluate(group.Key.Competence, state, at).Level;
                CompetenceEvidence last = default!;
                foreach (var item in group.OrderBy(e => e.Id))
                {
                    state = ProficiencyRule.Apply(state, ToItem(item));
                    last = item;
                }

                RawSql.Set(write, group.Key.UserId, group.Key.Competence, Write(state), last.Id, RawSql.Date(last.AtUtc));
                await write.ExecuteNonQueryAsync(cancellationToken);
                var levelAfter = ProficiencyRule.Evaluate(group.Key.Competence, state, at).Level;
                if (xapi is not null && levelAfter != levelBefore)
                {
                    xapi.Add(xapi.Statements.LevelChanged(xapi.Learner, group.Key.Competence, xapi.CompetenceName(group.Key.Competence), (int)levelBefore, (int)levelAfter, at), null, at);
                    levelChanged = true;
                }
            }
        }
        catch (System.Data.Common.DbException exception)
        {
            // Callers handle a refused save in one way, whichever part of it the database refused.
            throw new DbUpdateException("The database refused the evidence or its summary.", exception);
        }

        if (levelChanged)
        {
            // The level statement is written with the next save (XapiSession.Add); nothing else is pending.
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task InsertEvidenceAsync(LeerplatformDbContext db, IReadOnlyList<CompetenceEvidence> evidence, CancellationToken cancellationToken)
    {
        await using var insert = RawSql.Command(db, """
            INSERT INTO CompetenceEvidence (UserId, Competence, Kind, Score, Level, ModuleId, ActivityId, PageId, AttemptId, ItemId, ChoiceId,
                ResponseId, RaterUserId, Reason, SupersedesId, AtUtc)
            VALUES ($user, $competence, $kind, $score, $level, $module, $activity, $page, $attempt, $item, $choice, $response, $rater, $reason, $supersedes, $at)
            RETURNING Id
            """, "$user", "$competence", "$kind", "$score", "$level", "$module", "$activity", "$page", "$attempt", "$item", "$choice",
            "$response", "$rater", "$reason", "$supersedes", "$at");
        foreach (var e in evidence)
        {
            RawSql.Set(insert, e.UserId, e.Competence, e.Kind, e.Score, e.Level, e.ModuleId, e.ActivityId, e.PageId, RawSql.Guid(e.AttemptId), e.ItemId,
                e.ChoiceId, e.ResponseId, e.RaterUserId, e.Reason, e.SupersedesId, RawSql.Date(e.AtUtc));
            e.Id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
    }

    /// <summary>A learner's standing on every competence of the framework, with recent evidence.</summary>
    public async Task<IReadOnlyList<CompetenceView>> GetAsync(string userId, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var summaries = await db.CompetenceSummaries.AsNoTracking().Where(s => s.UserId == userId)
            .ToDictionaryAsync(s => s.Competence, cancellationToken);
        var counts = await db.CompetenceEvidence.AsNoTracking().Where(e => e.UserId == userId)
            .GroupBy(e => e.Competence).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        var result = new List<CompetenceView>();
        foreach (var competence in library.Competences)
        {
            var state = summaries.TryGetValue(competence.Code, out var summary) ? Read(summary.StateJson) : CompetenceState.Empty;
            var recent = counts.GetValueOrDefault(competence.Code) == 0
                ? []
                : await db.CompetenceEvidence.AsNoTracking()
                    .Where(e => e.UserId == userId && e.Competence == competence.Code)
                    .OrderByDescending(e => e.Id).Take(RecentPerCompetence)
                    .ToListAsync(cancellationToken);
            result.Add(new CompetenceView(competence, ProficiencyRule.Evaluate(competence.Code, state, now),
                recent.Select(ToView).ToList(), counts.GetValueOrDefault(competence.Code)));
        }

        return result;
    }

    /// <summary>
    /// A trainer's rating with a reason. Stored as evidence (the trainer as source); it supersedes the trainer's
    /// earlier rating of the same competence, which stays in the log.
    /// </summary>
    /// <param name="organisationId">The organisation the rating is given in: its statement store gets the statement.</param>
    public async Task<long> AddTrainerRatingAsync(string raterUserId, string learnerUserId, string competence, ProficiencyLevel level, string reason,
        CancellationToken cancellationToken = default, string? organisationId = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var evidence = await RecordTrainerRatingAsync(db, await xapi.BeginAsync(db, learnerUserId, cancellationToken, organisationId: organisationId),
            new CompetenceEvidence { UserId = learnerUserId, RaterUserId = raterUserId, Competence = competence, Level = (int)level, Reason = reason, AtUtc = time.GetUtcNow().UtcDateTime },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return evidence.Id;
    }

    /// <summary>
    /// Appends a trainer rating in the caller's transaction and applies it to the summary, exactly as every rating
    /// is applied: it supersedes the latest earlier trainer rating of that competence, whoever gave it. The caller fills
    /// learner, rater, competence, level, reason and time, and may link it to a module, page and response.
    /// </summary>
    internal static async Task<CompetenceEvidence> RecordTrainerRatingAsync(LeerplatformDbContext db, XapiSession? session, CompetenceEvidence rating, CancellationToken cancellationToken)
    {
        rating.SupersedesId = await db.CompetenceEvidence.Where(e => e.UserId == rating.UserId && e.Competence == rating.Competence && e.Kind == "trainer")
            .OrderByDescending(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
        rating.Kind = KindName(EvidenceKind.TrainerRating);
        rating.Score = 0;
        // The rule reads "trainer" as the activity of every rating; the link back to the work is in module, page and response.
        rating.ActivityId = "trainer";
        rating.Reason = rating.Reason?.Trim();
        await RecordAsync(db, [rating], cancellationToken, session);
        return rating;
    }

    /// <summary>
    /// Rebuilds every summary from the evidence log, in one transaction, streaming the log in (learner,
    /// competence, id) order so memory stays flat. Reports how many summaries differed from the incremental ones.
    /// </summary>
    public async Task<RecomputeResult> RecomputeAllAsync(CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.CompetenceSummaries.AsNoTracking()
            .ToDictionaryAsync(s => (s.UserId, s.Competence), s => s.StateJson, cancellationToken);
        await db.CompetenceSummaries.ExecuteDeleteAsync(cancellationToken);

        var rebuilt = new List<CompetenceSummary>();
        var learners = new HashSet<string>(StringComparer.Ordinal);
        long evidenceCount = 0;
        var changed = 0;
        var summaries = 0;
        (string UserId, string Competence)? current = null;
        var group = new List<EvidenceItem>();

        async Task FlushAsync()
        {
            if (current is not { } key)
            {
                return;
            }

            var json = Write(ProficiencyRule.Fold(group));
            if (!existing.Remove(key, out var before) || before != json)
            {
                changed++;
            }

            summaries++;
            var last = group[^1];
            rebuilt.Add(new CompetenceSummary { UserId = key.UserId, Competence = key.Competence, StateJson = json, LastEvidenceId = last.Sequence, UpdatedAtUtc = last.AtUtc });
            group.Clear();
            if (rebuilt.Count >= 2000)
            {
                db.CompetenceSummaries.AddRange(rebuilt);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                rebuilt.Clear();
            }
        }

        // Only the columns the rule reads: materialising whole rows would double the time at 2 million records.
        var stream = db.CompetenceEvidence.AsNoTracking()
            .OrderBy(e => e.UserId).ThenBy(e => e.Competence).ThenBy(e => e.Id)
            .Select(e => new { e.Id, e.UserId, e.Competence, e.Kind, e.Score, e.Level, e.ActivityId, e.AtUtc })
            .AsAsyncEnumerable();
        await foreach (var evidence in stream.WithCancellation(cancellationToken))
        {
            var key = (evidence.UserId, evidence.Competence);
            if (current != key)
            {
                await FlushAsync();
                current = key;
                learners.Add(evidence.UserId);
            }

            group.Add(new EvidenceItem(evidence.Id, evidence.Competence, KindOf(evidence.Kind), evidence.Score,
                evidence.Level is { } level ? (ProficiencyLevel)level : null, evidence.ActivityId, evidence.AtUtc));
            evidenceCount++;
        }

        await FlushAsync();
        db.CompetenceSummaries.AddRange(rebuilt);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Summaries left in "existing" had no evidence behind them any more: they changed too (they are gone).
        return new RecomputeResult(learners.Count, summaries, evidenceCount, changed + existing.Count, time.GetElapsedTime(started));
    }

    internal static EvidenceItem ToItem(CompetenceEvidence evidence) =>
        new(evidence.Id, evidence.Competence, KindOf(evidence.Kind), evidence.Score,
            evidence.Level is { } level ? (ProficiencyLevel)level : null, evidence.ActivityId, evidence.AtUtc);

    public static string KindName(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Knowledge => "knowledge",
        EvidenceKind.Decision => "decision",
        EvidenceKind.SelfRating => "self",
        _ => "trainer",
    };

    private static EvidenceKind KindOf(string name) => name switch
    {
        "knowledge" => EvidenceKind.Knowledge,
        "decision" => EvidenceKind.Decision,
        "self" => EvidenceKind.SelfRating,
        _ => EvidenceKind.TrainerRating,
    };

    private static EvidenceView ToView(CompetenceEvidence e) =>
        new(e.Id, KindOf(e.Kind), e.Score, e.Level is { } level ? (ProficiencyLevel)level : null, e.ModuleId, e.ActivityId, e.PageId, e.ItemId, e.ChoiceId, e.Reason, e.AtUtc);

    internal static string Write(CompetenceState state) => JsonSerializer.Serialize(state, Json);

    internal static CompetenceState Read(string json) => JsonSerializer.Deserialize<CompetenceState>(json, Json) ?? CompetenceState.Empty;
}
