using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Core.Xapi;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Reviews;

/// <summary>
/// The review queue: reflections and case reasons of an organisation's members, which its trainers comment on
/// and may rate. Every query is scoped to the organisation in the (already authorised) route and checks the
/// trainer's role again, so neither a response id nor a route id alone gives access to someone's work.
/// </summary>
public sealed partial class ReviewService(IDbContextFactory<LeerplatformDbContext> contexts, OrganisationAccess access, XapiRecorder xapi, TimeProvider time)
{
    public const int MaxComment = 2000;

    public async Task<IReadOnlyList<ReviewItem>> QueueAsync(string organisationId, string trainerUserId, ReviewFilter filter, string? moduleId, ContentLibrary library,
        CancellationToken cancellationToken = default)
    {
        if (!await access.HasRoleAsync(trainerUserId, organisationId, OrganisationRoles.Trainer, cancellationToken))
        {
            throw new ReviewException("NotAllowed", "alleen trainers van deze organisatie zien de beoordelingen");
        }

        var reflectionIds = library.Modules.SelectMany(m => m.Pages).SelectMany(p => p.Quiz?.Questions ?? [])
            .Where(q => q.Type == QuestionType.Reflection).Select(q => q.Id).Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Never the trainer's own work, and only people who are members now.
        var members = db.OrganisationMembers.Where(m => m.OrganisationId == organisationId && m.UserId != trainerUserId).Select(m => m.UserId);
        var rows = await (from r in db.LearnerResponses.AsNoTracking()
                          join u in db.Users.AsNoTracking() on r.UserId equals u.Id
                          where members.Contains(r.UserId)
                                && ((r.Kind == "answer" && reflectionIds.Contains(r.ItemId)) || (r.Kind == "decision" && !r.ResponseJson.Contains("\"reason\":null")))
                                && (moduleId == null || r.ModuleId == moduleId)
                          select new { Response = r, u.DisplayName }).ToListAsync(cancellationToken);
        var resolved = rows.Select(r => (r.Response, r.DisplayName, Target: Resolve(library, r.Response))).Where(r => r.Target is not null).ToList();
        var ids = resolved.Select(r => r.Response.Id).ToList();
        var feedback = (await FeedbackQuery(db, db.ReviewFeedback.Where(f => f.OrganisationId == organisationId && ids.Contains(f.ResponseId))).ToListAsync(cancellationToken))
            .GroupBy(f => f.Row.ResponseId).ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Row.Id).ToList());

        var items = resolved.Select(r =>
        {
            var history = feedback.GetValueOrDefault(r.Response.Id) ?? [];
            var target = r.Target!;
            return new ReviewItem(r.Response.Id, r.DisplayName, target.Kind, target.Module.Id, target.Module.Metadata.Title, target.PageUrl, target.ItemText,
                target.ChoiceText, target.Answer, target.Certainty, r.Response.AtUtc, history.Count == 0 ? null : View(history[0]), history.Count,
                target.Competences);
        });
        return filter == ReviewFilter.Open
            ? items.Where(i => i.Latest is null).OrderBy(i => i.AtUtc).ThenBy(i => i.ResponseId).ToList()
            : items.Where(i => i.Latest is not null).OrderByDescending(i => i.Latest!.CreatedAtUtc).ThenByDescending(i => i.Latest!.Id).ToList();
    }

    /// <summary>
    /// Saves a review in one transaction: the feedback row, the trainer rating as evidence (with the summary
    /// updated) when a level is given, and the xAPI statement. Returns the new feedback id.
    /// </summary>
    public async Task<long> ReviewAsync(string organisationId, string trainerUserId, long responseId, string? comment, string? competence, string? level,
        ContentLibrary library, CancellationToken cancellationToken = default)
    {
        var text = comment?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new ReviewException("CommentRequired", "schrijf een opmerking voor de leerling");
        }

        if (text.Length > MaxComment)
        {
            throw new ReviewException("CommentTooLong", $"je opmerking is te lang (maximaal {MaxComment} tekens)");
        }

        var rated = !string.IsNullOrWhiteSpace(competence) || !string.IsNullOrWhiteSpace(level);
        var parsedLevel = rated ? ParseLevel(level) ?? throw new ReviewException("UnknownLevel", "kies een niveau: geen, basis, vaardig of voortrekker") : (ProficiencyLevel?)null;

        // Defence in depth: the page's policy already checked the role in the route's organisation.
        if (!await access.HasRoleAsync(trainerUserId, organisationId, OrganisationRoles.Trainer, cancellationToken))
        {
            throw new ReviewException("NotAllowed", "alleen trainers van deze organisatie mogen beoordelen");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await (from r in db.LearnerResponses
                              join m in db.OrganisationMembers on r.UserId equals m.UserId
                              where r.Id == responseId && m.OrganisationId == organisationId && r.UserId != trainerUserId
                              select r).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var target = response is null ? null : Resolve(library, response);
        if (response is null || target is null)
        {
            throw new ReviewException("NotFound", "dit antwoord bestaat niet of hoort niet bij deze organisatie");
        }

        if (!await access.CanCoachAsync(trainerUserId, response.UserId, cancellationToken))
        {
            throw new ReviewException("NotAllowed", "je mag het werk van deze leerling niet beoordelen");
        }

        var code = rated ? competence?.Trim().ToUpperInvariant() : null;
        if (rated && target.Competences.All(c => c.Code != code))
        {
            throw new ReviewException("UnknownCompetence", "kies een competentie van deze module");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = await xapi.BeginAsync(db, response.UserId, cancellationToken, response.ModuleId, organisationId);
        var feedback = new ReviewFeedback
        {
            OrganisationId = organisationId, ResponseId = response.Id, LearnerUserId = response.UserId, TrainerUserId = trainerUserId,
            Comment = text, Competence = code, Level = (int?)parsedLevel, CreatedAtUtc = now,
        };
        if (rated)
        {
            var evidence = await CompetenceService.RecordTrainerRatingAsync(db, session, new CompetenceEvidence
            {
                UserId = response.UserId, RaterUserId = trainerUserId, Competence = code!, Level = (int)parsedLevel!.Value, Reason = text,
                ModuleId = response.ModuleId, PageId = target.PageId, ItemId = response.ItemId, AttemptId = response.AttemptId, ResponseId = response.Id, AtUtc = now,
            }, cancellationToken);
            feedback.EvidenceId = evidence.Id;
        }

        db.ReviewFeedback.Add(feedback);
        var trainerName = await db.Users.Where(u => u.Id == trainerUserId).Select(u => u.DisplayName).FirstAsync(cancellationToken);
        var activities = target.Kind == ReviewItemKind.Reflection
            ? session.Statements.ReflectionActivities(target.Module, target.Quiz!, target.Question!)
            : session.Statements.DecisionActivities(target.Module, target.Scenario!, target.Node!);
        session.Add(session.Statements.Reviewed(new XapiLearner(trainerUserId, trainerName, organisationId, Forward: false), session.Learner, target.Module, activities,
            text, code, code is null ? null : session.CompetenceName(code), (int?)parsedLevel, now), target.Module.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return feedback.Id;
    }

    /// <summary>The signed-in learner's feedback, newest first.</summary>
    public async Task<IReadOnlyList<MyFeedbackItem>> MineAsync(string learnerUserId, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from f in db.ReviewFeedback.AsNoTracking()
                          join r in db.LearnerResponses.AsNoTracking() on f.ResponseId equals r.Id
                          join t in db.Users.AsNoTracking() on f.TrainerUserId equals t.Id into trainers
                          from t in trainers.DefaultIfEmpty()
                          where f.LearnerUserId == learnerUserId
                          orderby f.Id descending
                          select new { Row = f, TrainerName = t == null ? string.Empty : t.DisplayName, Response = r }).ToListAsync(cancellationToken);
        return rows.Select(r => (View: View(new FeedbackRow(r.Row, r.TrainerName)), Target: Resolve(library, r.Response), r.Row))
            .Select(r => new MyFeedbackItem(r.View, r.Row.Competence is { } code ? library.FindCompetence(code)?.Name : null,
                r.Target?.Kind ?? ReviewItemKind.Reflection,
                r.Target?.Module.Metadata.Title ?? string.Empty, r.Target?.PageUrl, r.Target?.ItemText ?? string.Empty, r.Target?.Answer ?? string.Empty))
            .ToList();
    }

    public async Task<int> UnseenCountAsync(string learnerUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReviewFeedback.CountAsync(f => f.LearnerUserId == learnerUserId && f.SeenAtUtc == null, cancellationToken);
    }

    /// <summary>Marks all of the learner's feedback as read (only the learner's own).</summary>
    public async Task MarkSeenAsync(string learnerUserId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ReviewFeedback.Where(f => f.LearnerUserId == learnerUserId && f.SeenAtUtc == null)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.SeenAtUtc, now), cancellationToken);
    }

    /// <summary>The latest comment per question of one quiz attempt, for the learner's own quiz review.</summary>
    public async Task<IReadOnlyDictionary<string, FeedbackView>> LatestForAttemptAsync(string learnerUserId, Guid attemptId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from f in db.ReviewFeedback.AsNoTracking()
                          join r in db.LearnerResponses.AsNoTracking() on f.ResponseId equals r.Id
                          join t in db.Users.AsNoTracking() on f.TrainerUserId equals t.Id into trainers
                          from t in trainers.DefaultIfEmpty()
                          where f.LearnerUserId == learnerUserId && r.AttemptId == attemptId
                          select new { Row = f, TrainerName = t == null ? string.Empty : t.DisplayName, r.ItemId }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Row.Id).Select(r => View(new FeedbackRow(r.Row, r.TrainerName))).First());
    }

    public static ProficiencyLevel? ParseLevel(string? level) => level?.Trim().ToLowerInvariant() switch
    {
        "geen" or "none" => ProficiencyLevel.None,
        "basis" => ProficiencyLevel.Basis,
        "vaardig" => ProficiencyLevel.Vaardig,
        "voortrekker" => ProficiencyLevel.Voortrekker,
        _ => null,
    };

    private sealed record FeedbackRow(ReviewFeedback Row, string TrainerName);

    /// <summary>What a response is about, resolved against the content; null when it is not reviewable (any more).</summary>
    private sealed record Target(ReviewItemKind Kind, LearningModule Module, string PageId, string? PageUrl, string ItemText, string? ChoiceText, string Answer, int? Certainty,
        IReadOnlyList<Competence> Competences, Quiz? Quiz = null, Question? Question = null, Scenario? Scenario = null, ScenarioNode? Node = null);

    /// <summary>Feedback rows (filter them before) with the trainer's name; a removed trainer's name is empty.</summary>
    private static IQueryable<FeedbackRow> FeedbackQuery(LeerplatformDbContext db, IQueryable<ReviewFeedback> rows) =>
        from f in rows.AsNoTracking()
        join t in db.Users.AsNoTracking() on f.TrainerUserId equals t.Id into trainers
        from t in trainers.DefaultIfEmpty()
        select new FeedbackRow(f, t == null ? string.Empty : t.DisplayName);

    private static FeedbackView View(FeedbackRow row) =>
        new(row.Row.Id, row.TrainerName, row.Row.Comment, row.Row.Competence, row.Row.Level is { } level ? (ProficiencyLevel)level : null, row.Row.CreatedAtUtc, row.Row.SeenAtUtc);

    private static Target? Resolve(ContentLibrary library, LearnerResponse response)
    {
        if (library.FindModule(response.ModuleId) is not { } module)
        {
            return null;
        }

        if (response.Kind == "answer"
            && module.FindQuizPage(response.ActivityId) is { Quiz: { } quiz } quizPage
            && quiz.FindQuestion(response.ItemId) is { Type: QuestionType.Reflection } question
            && Read<ItemResponse>(response.ResponseJson) is { Text: { } text } answer && !string.IsNullOrWhiteSpace(text))
        {
            return new Target(ReviewItemKind.Reflection, module, quizPage.Id, ContentRoutes.Page(module.Id, quizPage.Id), question.PromptText, null, text, answer.Certainty,
                CompetencesOf(library, module, question.Competences), quiz, question);
        }

        if (response.Kind == "decision"
            && module.FindScenarioPage(response.ActivityId) is { Scenario: { } scenario } casePage
            && Read<ScenarioStep>(response.ResponseJson) is { Reason: { } reason } step && !string.IsNullOrWhiteSpace(reason)
            && scenario.FindNodeOfChoice(response.ItemId, step.ChoiceId) is { } node)
        {
            return new Target(ReviewItemKind.Decision, module, casePage.Id, ContentRoutes.Page(module.Id, casePage.Id), PlainText(node.Html),
                scenario.FindChoice(node.Id, step.ChoiceId)?.Text, reason, step.Certainty,
                CompetencesOf(library, module, step.Deltas.Select(d => d.Code)), Scenario: scenario, Node: node);
        }

        return null;
    }

    private static List<Competence> CompetencesOf(ContentLibrary library, LearningModule module, IEnumerable<string> extra) =>
        module.Metadata.Competences.Concat(extra).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(library.FindCompetence).OfType<Competence>().OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

    private static T? Read<T>(string json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, AssessmentService.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string PlainText(string html) => WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(html, " "), " ")).Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public static class ReviewServiceCollectionExtensions
{
    /// <summary>The review queue and the learner's feedback.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services) => services.AddSingleton<ReviewService>();
}
