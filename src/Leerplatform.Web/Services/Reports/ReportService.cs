using System.Text.Json;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Core.Reports;
using Leerplatform.Data;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Reports;

/// <summary>
/// Reports about one organisation's members for its trainers and admins. Every query is scoped to the
/// organisation's members (OrganisationMembers, any role) inside SQL, so nobody outside it can appear, whatever
/// the caller passes. Aggregation happens in SQL where it can; only the rule (levels) and the statistics (item
/// analysis) run in memory, over the columns they need.
/// </summary>
public sealed class ReportService(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time)
{
    /// <summary>Checks the query values; throws <see cref="ReportQueryException"/> with the reason.</summary>
    public static void Check(ReportFilter filter, ContentLibrary library)
    {
        if (filter.From is { } from && filter.To is { } to && from > to)
        {
            throw new ReportQueryException("the start date lies after the end date");
        }

        if (filter.ModuleId is { } module && library.FindModule(module) is null)
        {
            throw new ReportQueryException($"unknown module '{module}'");
        }
    }

    public async Task<ProgressReport> ProgressAsync(string organisationId, ReportFilter filter, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        var modules = Modules(library, filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = await MembersAsync(db, organisationId, cancellationToken);
        var memberIds = db.OrganisationMembers.Where(m => m.OrganisationId == organisationId).Select(m => m.UserId);
        var query = db.ModuleProgress.AsNoTracking().Where(p => memberIds.Contains(p.UserId));
        if (filter.ModuleId is { } moduleId)
        {
            query = query.Where(p => p.ModuleId == moduleId);
        }

        // With a period, a row counts when the learner was active in it (started before its end, last seen after its start).
        if (filter.FromUtc is { } from)
        {
            query = query.Where(p => p.LastVisitedAtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(p => p.StartedAtUtc < to);
        }

        var progress = await query.Select(p => new { p.UserId, p.ModuleId, p.StartedAtUtc, p.CompletedAtUtc, p.PassedAtUtc })
            .ToDictionaryAsync(p => (p.UserId, p.ModuleId), cancellationToken);
        var period = filter.From is not null || filter.To is not null;
        var rows = new List<ProgressRow>(members.Count * modules.Count);
        foreach (var member in members)
        {
            foreach (var module in modules)
            {
                if (!progress.TryGetValue((member.UserId, module.Id), out var p))
                {
                    if (!period)
                    {
                        rows.Add(new ProgressRow(member.UserId, member.Name, member.Email, module.Id, module.Metadata.Title, ProgressStatus.NotStarted, null, null, null));
                    }

                    continue;
                }

                var status = p.PassedAtUtc is not null ? ProgressStatus.Passed : p.CompletedAtUtc is not null ? ProgressStatus.Completed : ProgressStatus.InProgress;
                rows.Add(new ProgressRow(member.UserId, member.Name, member.Email, module.Id, module.Metadata.Title, status, p.StartedAtUtc, p.CompletedAtUtc, p.PassedAtUtc));
            }
        }

        // One pass over the rows: counting per module with a filter each would be modules × rows.
        var counts = modules.ToDictionary(m => m.Id, _ => new int[4], StringComparer.Ordinal);
        foreach (var row in rows)
        {
            counts[row.ModuleId][(int)row.Status]++;
        }

        var summary = modules.Select(m =>
        {
            var c = counts[m.Id];
            return new ModuleCounts(m.Id, m.Metadata.Title, c[(int)ProgressStatus.NotStarted], c[(int)ProgressStatus.InProgress],
                c[(int)ProgressStatus.Completed], c[(int)ProgressStatus.Passed]);
        }).ToList();
        return new ProgressReport(rows, summary);
    }

    /// <summary>
    /// Current levels from the stored rule state (CompetenceSummaries), exactly as <c>/mijn-competenties</c> evaluates
    /// them, without reading the evidence log. With a module, only that module's competences.
    /// </summary>
    public async Task<CompetenceGrid> CompetencesAsync(string organisationId, ReportFilter filter, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var competences = filter.ModuleId is { } moduleId && library.FindModule(moduleId) is { } module
            ? library.Competences.Where(c => module.Metadata.Competences.Contains(c.Code)).ToList()
            : library.Competences.ToList();
        var codes = competences.Select(c => c.Code).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = await MembersAsync(db, organisationId, cancellationToken);
        var memberIds = db.OrganisationMembers.Where(m => m.OrganisationId == organisationId).Select(m => m.UserId);
        var levels = new Dictionary<(string, string), ProficiencyLevel>();
        var summaries = db.CompetenceSummaries.AsNoTracking().Where(s => memberIds.Contains(s.UserId) && codes.Contains(s.Competence))
            .Select(s => new { s.UserId, s.Competence, s.StateJson }).AsAsyncEnumerable();
        await foreach (var s in summaries.WithCancellation(cancellationToken))
        {
            levels[(s.UserId, s.Competence)] = ProficiencyRule.Evaluate(s.Competence, CompetenceService.Read(s.StateJson), now).Level;
        }

        var rows = members.Select(m => new CompetenceGridRow(m.UserId, m.Name, m.Email,
            codes.Select(c => levels.GetValueOrDefault((m.UserId, c))).ToList())).ToList();
        return new CompetenceGrid(competences, rows);
    }

    /// <summary>
    /// Item analysis per quiz question. Analysed: each member's first finished attempt at the quiz (Moodle's default,
    /// because later attempts build on earlier feedback); with a period, when that attempt was handed in within it.
    /// Item scores come from the finished attempt's state, not from the answer log: with deferred feedback the log
    /// holds no points, and the state has the final score after penalties and certainty-based marking.
    /// </summary>
    public async Task<ItemReport> ItemsAsync(string organisationId, ReportFilter filter, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var memberIds = db.OrganisationMembers.Where(m => m.OrganisationId == organisationId).Select(m => m.UserId);
        var rows = new List<ItemRow>();
        var analysed = 0;
        foreach (var module in Modules(library, filter))
        {
            foreach (var (quiz, pageTitle) in module.Pages.Where(p => p.Quiz is not null).Select(p => (p.Quiz!, p.Title)))
            {
                var query = db.QuizAttempts.AsNoTracking()
                    .Where(a => a.ModuleId == module.Id && a.QuizId == quiz.Settings.Id && a.SubmittedAtUtc != null && memberIds.Contains(a.UserId)
                                && !db.QuizAttempts.Any(b => b.UserId == a.UserId && b.ModuleId == a.ModuleId && b.QuizId == a.QuizId
                                                             && b.SubmittedAtUtc != null && b.AttemptNumber < a.AttemptNumber));
                if (filter.FromUtc is { } from)
                {
                    query = query.Where(a => a.SubmittedAtUtc >= from);
                }

                if (filter.ToUtc is { } to)
                {
                    query = query.Where(a => a.SubmittedAtUtc < to);
                }

                var graded = quiz.Graded.ToList();
                var gradedIds = graded.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
                var attempts = new List<AnalysedAttempt>();
                await foreach (var json in query.Select(a => a.StateJson).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    attempts.Add(new AnalysedAttempt(ItemScores(json, gradedIds)));
                }

                analysed += attempts.Count;
                var statistics = ItemAnalysis.Analyse(graded.Select(q => (q.Id, QuizEngine.MaxPoints(quiz, q))).ToList(), attempts);
                rows.AddRange(graded.Zip(statistics, (q, s) =>
                    new ItemRow(module.Id, quiz.Settings.Id, quiz.Settings.Title ?? pageTitle, q.Id, q.PromptText, QuizEngine.MaxPoints(quiz, q), s)));
            }
        }

        return new ItemReport(rows, analysed);
    }

    /// <summary>
    /// Per decision point, how many learners took each choice: each learner's first decision there (their first
    /// run), so the shares of a point add up to 100%. Counted in SQL; choice texts from the module's case.
    /// </summary>
    public async Task<IReadOnlyList<DecisionRow>> DecisionsAsync(string organisationId, ReportFilter filter, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var moduleId = filter.ModuleId;
        var from = filter.FromUtc;
        var to = filter.ToUtc;
        var counts = await db.Database.SqlQuery<DecisionCount>($"""
            WITH firsts AS (
                SELECT MIN(r.Id) AS Id
                FROM LearnerResponses r
                WHERE r.Kind = 'decision'
                  AND r.UserId IN (SELECT m.UserId FROM OrganisationMembers m WHERE m.OrganisationId = {organisationId})
                  AND ({moduleId} IS NULL OR r.ModuleId = {moduleId})
                  AND ({from} IS NULL OR r.AtUtc >= {from})
                  AND ({to} IS NULL OR r.AtUtc < {to})
                GROUP BY r.UserId, r.ModuleId, r.ActivityId, r.ItemId)
            SELECT r.ModuleId, r.ActivityId, r.ItemId, COALESCE(json_extract(r.ResponseJson, '$.choiceId'), '') AS ChoiceId, COUNT(*) AS Learners
            FROM firsts f JOIN LearnerResponses r ON r.Id = f.Id
            GROUP BY r.ModuleId, r.ActivityId, r.ItemId, COALESCE(json_extract(r.ResponseJson, '$.choiceId'), '')
            """).ToListAsync(cancellationToken);
        var byKey = counts.ToDictionary(c => (c.ModuleId, c.ActivityId, c.ItemId, c.ChoiceId), c => c.Learners);

        var rows = new List<DecisionRow>();
        foreach (var module in Modules(library, filter))
        {
            foreach (var (scenario, pageTitle) in module.Pages.Where(p => p.Scenario is not null).Select(p => (p.Scenario!, p.Title)))
            {
                foreach (var node in scenario.Nodes.Where(n => n.Choices.Count > 0))
                {
                    var total = counts.Where(c => c.ModuleId == module.Id && c.ActivityId == scenario.Id && c.ItemId == node.Id).Sum(c => c.Learners);
                    rows.AddRange(node.Choices.Select(choice => new DecisionRow(module.Id, scenario.Id, scenario.Title ?? pageTitle, node.Id, choice.Id, choice.Text,
                        byKey.GetValueOrDefault((module.Id, scenario.Id, node.Id, choice.Id)), total)));
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// The final points of the graded questions an attempt drew (in <c>questionOrder</c>; an unanswered one scores
    /// 0). Reads only those two properties of the stored state: deserialising the whole attempt (option orders,
    /// responses) made the all-modules report about twice as slow.
    /// </summary>
    internal static Dictionary<string, double> ItemScores(string stateJson, IReadOnlySet<string> graded)
    {
        using var document = JsonDocument.Parse(stateJson);
        var root = document.RootElement;
        var items = root.TryGetProperty("items", out var i) ? i : default;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var id in root.GetProperty("questionOrder").EnumerateArray())
        {
            var questionId = id.GetString()!;
            if (graded.Contains(questionId))
            {
                scores[questionId] = items.ValueKind == JsonValueKind.Object && items.TryGetProperty(questionId, out var item)
                                     && item.TryGetProperty("points", out var points) ? points.GetDouble() : 0;
            }
        }

        return scores;
    }

    /// <summary>The organisation's members (any role), by name.</summary>
    private static async Task<List<ReportMember>> MembersAsync(LeerplatformDbContext db, string organisationId, CancellationToken cancellationToken) =>
        await db.OrganisationMembers.AsNoTracking().Where(m => m.OrganisationId == organisationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email })
            .OrderBy(m => m.DisplayName).ThenBy(m => m.Id)
            .Select(m => new ReportMember(m.Id, m.DisplayName, m.Email))
            .ToListAsync(cancellationToken);

    private static List<LearningModule> Modules(ContentLibrary library, ReportFilter filter) =>
        library.Modules.Where(m => filter.ModuleId is null || m.Id == filter.ModuleId).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();

    private sealed record ReportMember(string UserId, string Name, string Email);

    internal sealed class DecisionCount
    {
        public string ModuleId { get; set; } = string.Empty;

        public string ActivityId { get; set; } = string.Empty;

        public string ItemId { get; set; } = string.Empty;

        public string ChoiceId { get; set; } = string.Empty;

        public int Learners { get; set; }
    }
}
