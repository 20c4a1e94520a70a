using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Data.Entities;

namespace Leerplatform.Web.Services;

/// <summary>Which evidence an answer, a handed-in quiz or a decision produces (one record per competence).</summary>
internal static class Evidence
{
    /// <summary>
    /// A quiz answer: a self-rating for a Likert item; knowledge evidence once a marked item is final (checked in
    /// immediate mode, right or out of tries in interactive mode). Deferred items wait for hand-in.
    /// </summary>
    public static List<CompetenceEvidence> ForAnswer(string userId, LearningModule module, ModulePage page, Quiz quiz, Guid attemptId,
        string questionId, ItemState before, ItemState after, long responseId, DateTime now)
    {
        var question = quiz.FindQuestion(questionId)!;
        if (question.Type == QuestionType.Likert && after.Response is { Selected: [var value] })
        {
            var level = ProficiencyRule.SelfLevelFromScale(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), question.Options.Count);
            return question.Competences.Take(1)
                .Select(code => Create(userId, module, page, quiz.Settings.Id, attemptId, questionId, code, EvidenceKind.SelfRating, 0, level, null, responseId, now))
                .ToList();
        }

        return question.IsGraded && !before.Finished && after.Finished ? Knowledge(userId, module, page, quiz, attemptId, question, after, responseId, now) : [];
    }

    /// <summary>Handing in finalises every answered item that was not final yet.</summary>
    public static List<CompetenceEvidence> ForSubmit(string userId, LearningModule module, ModulePage page, Quiz quiz, Guid attemptId,
        QuizAttemptState before, QuizAttemptState after, long responseId, DateTime now) =>
        after.QuestionOrder
            .Select(id => quiz.FindQuestion(id)!)
            .Where(q => q.IsGraded && !before.Item(q.Id).Finished && after.Item(q.Id).Response is not null)
            .SelectMany(q => Knowledge(userId, module, page, quiz, attemptId, q, after.Item(q.Id), responseId, now))
            .ToList();

    /// <summary>A case decision: one record per competence the choice moves, with its score change.</summary>
    public static List<CompetenceEvidence> ForDecision(string userId, LearningModule module, ModulePage page, Scenario scenario, Guid runId,
        ScenarioStep step, long responseId, DateTime now) =>
        step.Deltas
            .Select(d => Create(userId, module, page, scenario.Id, runId, step.NodeId, d.Code, EvidenceKind.Decision, d.Delta, null, step.ChoiceId, responseId, now))
            .ToList();

    private static List<CompetenceEvidence> Knowledge(string userId, LearningModule module, ModulePage page, Quiz quiz, Guid attemptId,
        Question question, ItemState item, long responseId, DateTime now)
    {
        var score = ProficiencyRule.KnowledgeScore(item.Correct == true, item.Points);
        return question.Competences
            .Select(code => Create(userId, module, page, quiz.Settings.Id, attemptId, question.Id, code, EvidenceKind.Knowledge, score, null, null, responseId, now))
            .ToList();
    }

    private static CompetenceEvidence Create(string userId, LearningModule module, ModulePage page, string activityId, Guid attemptId, string itemId,
        string competence, EvidenceKind kind, int score, ProficiencyLevel? level, string? choiceId, long responseId, DateTime now) => new()
    {
        UserId = userId,
        Competence = competence,
        Kind = CompetenceService.KindName(kind),
        Score = score,
        Level = level is { } l ? (int)l : null,
        ModuleId = module.Id,
        ActivityId = activityId,
        PageId = page.Id,
        AttemptId = attemptId,
        ItemId = itemId,
        ChoiceId = choiceId,
        ResponseId = responseId,
        AtUtc = now,
    };
}
