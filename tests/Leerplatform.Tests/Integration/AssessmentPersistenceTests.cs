using Leerplatform.Core.Assessment;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>Answers are saved at once and survive a restart; nobody can act on someone else's attempt.</summary>
public sealed class AssessmentPersistenceTests
{
    [Fact]
    public async Task AnAttemptInProgressSurvivesStoppingAndRestartingTheApp()
    {
        using var temp = new TempDirectory();
        var database = temp.Combine("restart.db");
        QuizView before;
        ScenarioView scenarioBefore;
        string userId;

        using (var app = AppFactory.For("assessment-valid", databasePath: database))
        {
            userId = await app.CreateUserAsync("herstart@example.org");
            var (module, quizPage, casePage) = Pages(app);
            var service = app.Services.GetRequiredService<AssessmentService>();
            before = await service.GetOrStartQuizAsync(userId, module, quizPage);
            var first = before.State.QuestionOrder[0];
            before = await service.AnswerAsync(userId, module, quizPage, before.AttemptId, first, AnyAnswer(quizPage.Quiz!.FindQuestion(first)!));
            scenarioBefore = await service.GetOrStartScenarioAsync(userId, module, casePage);
            scenarioBefore = await service.ChooseAsync(userId, module, casePage, scenarioBefore.RunId, "begin-1", 2, "Omdat het past.");
        }

        using (var app = AppFactory.For("assessment-valid", databasePath: database))
        {
            var (module, quizPage, casePage) = Pages(app);
            var service = app.Services.GetRequiredService<AssessmentService>();

            var after = await service.GetOrStartQuizAsync(userId, module, quizPage);
            var scenarioAfter = await service.GetOrStartScenarioAsync(userId, module, casePage);

            Assert.Equal(before.AttemptId, after.AttemptId);
            Assert.Equal(before.State.QuestionOrder, after.State.QuestionOrder);
            Assert.Equal(before.State.OptionOrder.OrderBy(o => o.Key).Select(o => string.Join(",", o.Value)),
                after.State.OptionOrder.OrderBy(o => o.Key).Select(o => string.Join(",", o.Value)));
            var answered = before.State.QuestionOrder[0];
            Assert.Equal(before.State.Item(answered).Response!.Selected, after.State.Item(answered).Response!.Selected);
            Assert.Equal(scenarioBefore.RunId, scenarioAfter.RunId);
            Assert.Equal("begin-1", scenarioAfter.State.PendingStep!.ChoiceId);
            Assert.Equal(2, scenarioAfter.State.Scores["C4"]);
        }
    }

    [Fact]
    public async Task AnswersSavedAtTheSameMomentFromTwoTabsAllLand()
    {
        // Reads happen before the write transaction; the attempt's Revision makes a concurrent save re-run
        // on the new state instead of overwriting it (issue 8).
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("tabs@example.org");
        var (module, quizPage, _) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();
        var view = await service.GetOrStartQuizAsync(userId, module, quizPage);
        var questions = view.State.QuestionOrder.Take(4).ToList();

        await Task.WhenAll(questions.Select(id => Task.Run(() =>
            service.AnswerAsync(userId, module, quizPage, view.AttemptId, id, AnyAnswer(quizPage.Quiz!.FindQuestion(id)!)))));

        var after = await service.GetOrStartQuizAsync(userId, module, quizPage);
        Assert.All(questions, id => Assert.NotNull(after.State.Item(id).Response));
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>().CreateDbContextAsync();
        Assert.Equal(questions.Count, db.LearnerResponses.Count(r => r.UserId == userId && r.Kind == "answer"));
        Assert.Equal(questions.Count, db.QuizAttempts.Single(a => a.Id == view.AttemptId).Revision);
    }

    [Fact]
    public async Task TheSameDecisionFromTwoTabsAtTheSameMomentLandsOnce()
    {
        // A run's state is written with a prepared UPDATE that checks the Revision read with it (issue 8): the
        // later tab re-runs on the new state, where the decision waits for "continue", and is refused.
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("case-tabs@example.org");
        var (module, _, casePage) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();
        var run = await service.GetOrStartScenarioAsync(userId, module, casePage);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                await service.ChooseAsync(userId, module, casePage, run.RunId, "begin-1", 2, "Omdat.");
                return "chosen";
            }
            catch (AssessmentException exception)
            {
                return exception.Code;
            }
        })));

        Assert.Equal(["ContinueFirst", "ContinueFirst", "ContinueFirst", "chosen"], outcomes.Order(StringComparer.Ordinal));
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, db.LearnerResponses.Count(r => r.UserId == userId && r.Kind == "decision"));
        Assert.Equal(db.LearnerResponses.Count(r => r.UserId == userId && r.Kind == "decision"), db.CompetenceEvidence.Select(e => e.ResponseId).Distinct().Count());
        var stored = db.ScenarioRuns.Single(r => r.Id == run.RunId);
        Assert.Equal(1, stored.Revision);
        Assert.Contains("begin-1", stored.StateJson);

        var continued = await service.ContinueAsync(userId, module, casePage, run.RunId);
        db.ChangeTracker.Clear();
        Assert.Equal(2, db.ScenarioRuns.Single(r => r.Id == run.RunId).Revision);
        Assert.Null(continued.State.PendingStep);
    }

    [Fact]
    public async Task StartsAtTheSameMomentShareOneRun()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("starts@example.org");
        var (module, quizPage, casePage) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => service.GetOrStartScenarioAsync(userId, module, casePage))));
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => service.GetOrStartQuizAsync(userId, module, quizPage))));

        Assert.Single(runs.Select(r => r.RunId).Distinct());
        Assert.Single(attempts.Select(a => a.AttemptId).Distinct());
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, db.ScenarioRuns.Count(r => r.UserId == userId));
        Assert.Equal(1, db.QuizAttempts.Count(a => a.UserId == userId));
    }

    [Fact]
    public async Task EveryAnswerIsLoggedInTheSameTransactionAsTheAttempt()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("log@example.org");
        var (module, quizPage, casePage) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();

        var view = await service.GetOrStartQuizAsync(userId, module, quizPage);
        foreach (var id in view.State.QuestionOrder.Take(3))
        {
            view = await service.AnswerAsync(userId, module, quizPage, view.AttemptId, id, AnyAnswer(quizPage.Quiz!.FindQuestion(id)!));
        }

        view = await service.SubmitAsync(userId, module, quizPage, view.AttemptId);
        var run = await service.GetOrStartScenarioAsync(userId, module, casePage);
        run = await service.ChooseAsync(userId, module, casePage, run.RunId, "begin-1", 3, "Zo hoort het.");

        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>().CreateDbContextAsync();
        var log = db.LearnerResponses.Where(r => r.UserId == userId).OrderBy(r => r.Id).ToList();
        Assert.Equal(["answer", "answer", "answer", "submit", "decision"], log.Select(r => r.Kind));
        Assert.Equal(view.AttemptId, log[0].AttemptId);
        Assert.Equal(run.RunId, log[^1].AttemptId);
        Assert.Contains("Zo hoort het.", log[^1].ResponseJson);
    }

    [Fact]
    public async Task ResponsesAndVisitsWrittenWithPreparedSqlReadBackAsEfWouldHaveWrittenThem()
    {
        // Answers and decisions write their response row and the progress visit with prepared SQL (issue 8); EF
        // must read them back exactly, and the evidence must point at the response it came from.
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("raw@example.org");
        var (module, quizPage, casePage) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();
        var quiz = await service.GetOrStartQuizAsync(userId, module, quizPage);
        var question = quiz.State.QuestionOrder.Select(id => quizPage.Quiz!.FindQuestion(id)!).First(q => q.Type is QuestionType.SingleChoice or QuestionType.MultipleResponse or QuestionType.TrueFalse);
        quiz = await service.AnswerAsync(userId, module, quizPage, quiz.AttemptId, question.Id, RightAnswer(question));
        var item = quiz.State.Item(question.Id);
        await using (var db = await Contexts(app).CreateDbContextAsync())
        {
            // The answer's visit: the learner is on the quiz page, at the answer's time.
            var progress = db.ModuleProgress.Single(p => p.UserId == userId);
            Assert.Equal(quizPage.Id, progress.CurrentPageId);
            Assert.Equal(db.LearnerResponses.Single(r => r.UserId == userId && r.Kind == "answer").AtUtc, progress.LastVisitedAtUtc);
        }

        var run = await service.GetOrStartScenarioAsync(userId, module, casePage);
        run = await service.ChooseAsync(userId, module, casePage, run.RunId, "begin-1", 3, "Zo hoort het.");

        await using (var db = await Contexts(app).CreateDbContextAsync())
        {
            var answer = db.LearnerResponses.Single(r => r.UserId == userId && r.Kind == "answer");
            Assert.Equal((module.Id, quizPage.Quiz!.Settings.Id, quiz.AttemptId, question.Id), (answer.ModuleId, answer.ActivityId, answer.AttemptId, answer.ItemId));
            Assert.Equal(item.FeedbackShown ? item.Correct : null, answer.Correct);
            Assert.Equal(item.FeedbackShown ? item.Points : null, answer.Points);
            Assert.Equal(item.FeedbackShown ? item.MaxPoints : null, answer.MaxPoints);
            Assert.Equal(DateTimeKind.Utc, DateTime.SpecifyKind(answer.AtUtc, DateTimeKind.Utc).Kind);
            var decision = db.LearnerResponses.Single(r => r.UserId == userId && r.Kind == "decision");
            Assert.Equal((casePage.Scenario!.Id, run.RunId, "begin"), (decision.ActivityId, decision.AttemptId, decision.ItemId));
            Assert.Null(decision.Correct);
            Assert.Equal(run.State.Scores.Values.Sum(), decision.Points);
            Assert.Contains("Zo hoort het.", decision.ResponseJson);
            // A range query over the stored text dates finds it, as EF compares them.
            Assert.Equal(1, db.LearnerResponses.Count(r => r.Id == decision.Id && r.AtUtc >= answer.AtUtc && r.AtUtc <= DateTime.UtcNow.AddMinutes(1)));
            var evidence = db.CompetenceEvidence.Where(e => e.UserId == userId && e.Kind == "decision").ToList();
            Assert.NotEmpty(evidence);
            Assert.All(evidence, e => Assert.Equal(decision.Id, e.ResponseId));
            var progress = db.ModuleProgress.Single(p => p.UserId == userId);
            Assert.Equal((casePage.Id, module.Metadata.Version), (progress.CurrentPageId, progress.ModuleVersion));
            Assert.Equal(decision.AtUtc, progress.LastVisitedAtUtc);
        }
    }

    [Fact]
    public async Task ADecisionAfterTheModulesProgressWasRemovedStartsTheModuleAgain()
    {
        // The prepared path needs an existing progress row; without one the decision creates it, with its
        // launched and initialized statements, as a first contact does.
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("weg@example.org");
        var (module, _, casePage) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();
        var run = await service.GetOrStartScenarioAsync(userId, module, casePage);
        await using (var db = await Contexts(app).CreateDbContextAsync())
        {
            db.ModuleProgress.RemoveRange(db.ModuleProgress.Where(p => p.UserId == userId));
            await db.SaveChangesAsync();
        }

        await service.ChooseAsync(userId, module, casePage, run.RunId, "begin-1", 3, "Opnieuw.");

        await using (var db = await Contexts(app).CreateDbContextAsync())
        {
            var progress = db.ModuleProgress.Single(p => p.UserId == userId);
            Assert.Equal(casePage.Id, progress.CurrentPageId);
            Assert.Equal(1, db.XapiStatements.Count(s => s.UserId == userId && s.Registration == progress.Registration && s.VerbId.EndsWith("/launched")));
            Assert.Equal(1, db.LearnerResponses.Count(r => r.UserId == userId && r.Kind == "decision"));
        }
    }

    [Fact]
    public async Task AVisitWhoseProgressRowVanishedBeforeItsWriteIsAConflictToRetry()
    {
        // The row is read before the write transaction; if a reset removed it in between, the prepared update
        // finds nothing, and the action must start over (as a Revision conflict does) instead of losing the visit.
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("tussendoor@example.org");
        var (module, quizPage, _) = Pages(app);
        await app.Services.GetRequiredService<ProgressService>().RecordPageViewAsync(userId, module, quizPage);
        await using var db = await Contexts(app).CreateDbContextAsync();
        var session = await app.Services.GetRequiredService<Leerplatform.Web.Services.Xapi.XapiRecorder>().BeginAsync(db, userId, CancellationToken.None, module.Id);
        var visit = await ProgressService.VisitAsync(db, session, module, quizPage.Id, DateTime.UtcNow, CancellationToken.None);
        Assert.False(visit.Tracked);
        await using (var other = await Contexts(app).CreateDbContextAsync())
        {
            other.ModuleProgress.RemoveRange(other.ModuleProgress.Where(p => p.UserId == userId));
            await other.SaveChangesAsync();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await Assert.ThrowsAsync<Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException>(() => ProgressService.SaveVisitAsync(db, visit, CancellationToken.None));
    }

    [Fact]
    public async Task NobodyCanAnswerInSomeoneElsesAttemptOrCase()
    {
        using var app = AppFactory.For("assessment-valid");
        var alice = await app.CreateUserAsync("alice@example.org");
        var bob = await app.CreateUserAsync("bob@example.org");
        var (module, quizPage, casePage) = Pages(app);
        var service = app.Services.GetRequiredService<AssessmentService>();
        var attempt = await service.GetOrStartQuizAsync(alice, module, quizPage);
        var run = await service.GetOrStartScenarioAsync(alice, module, casePage);
        var question = attempt.State.QuestionOrder[0];

        await Assert.ThrowsAsync<AssessmentException>(() => service.AnswerAsync(bob, module, quizPage, attempt.AttemptId, question, AnyAnswer(quizPage.Quiz!.FindQuestion(question)!)));
        await Assert.ThrowsAsync<AssessmentException>(() => service.SubmitAsync(bob, module, quizPage, attempt.AttemptId));
        await Assert.ThrowsAsync<AssessmentException>(() => service.ChooseAsync(bob, module, casePage, run.RunId, "begin-1", 1, "x"));

        var unchanged = await service.GetOrStartQuizAsync(alice, module, quizPage);
        Assert.Null(unchanged.State.Item(question).Response);
        Assert.False(unchanged.State.Submitted);
    }

    [Fact]
    public async Task AttemptsAreLimitedAndPassingTheModulesQuizzesMarksItPassed()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("limiet@example.org");
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var page = module.FindPage("kennischeck")!;
        var service = app.Services.GetRequiredService<AssessmentService>();

        var first = await service.GetOrStartQuizAsync(userId, module, page);
        first = await service.SubmitAsync(userId, module, page, first.AttemptId);
        Assert.False(first.Result.Passed);
        var second = await service.StartNewAttemptAsync(userId, module, page);
        second = await service.AnswerAsync(userId, module, page, second.AttemptId, "knik", new ItemResponse(["b"]));
        second = await service.AnswerAsync(userId, module, page, second.AttemptId, "minderjarig", new ItemResponse(["a"]));
        second = await service.SubmitAsync(userId, module, page, second.AttemptId);

        Assert.True(second.Result.Passed);
        Assert.Equal(2, second.AttemptsUsed);
        Assert.False(second.CanStartNewAttempt);
        await Assert.ThrowsAsync<AssessmentException>(() => service.StartNewAttemptAsync(userId, module, page));
    }

    [Fact]
    public async Task AModuleIsPassedWhenItsGradedQuizzesArePassedAndMasteredWhenAlsoCompleted()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("beheersing@example.org");
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var service = app.Services.GetRequiredService<AssessmentService>();
        var progress = app.Services.GetRequiredService<ProgressService>();

        foreach (var page in module.Pages.Where(p => p.Quiz is not null))
        {
            var view = await service.GetOrStartQuizAsync(userId, module, page);
            foreach (var id in view.State.QuestionOrder)
            {
                view = await service.AnswerAsync(userId, module, page, view.AttemptId, id, RightAnswer(page.Quiz!.FindQuestion(id)!));
            }

            view = await service.SubmitAsync(userId, module, page, view.AttemptId);
            Assert.NotEqual(false, view.Result.Passed);
        }

        var passed = (await progress.GetAsync(userId, module))!;
        Assert.True(passed.IsPassed);
        Assert.False(passed.IsCompleted);
        Assert.False(passed.IsMastered);

        var casePage = module.FindPage("casus")!;
        var run = await service.GetOrStartScenarioAsync(userId, module, casePage);
        run = await service.ChooseAsync(userId, module, casePage, run.RunId, "begin-1", 3, "Norm.");
        run = await service.ContinueAsync(userId, module, casePage, run.RunId);
        run = await service.ChooseAsync(userId, module, casePage, run.RunId, "tolk-1", 3, "Zij beslist.");
        run = await service.ContinueAsync(userId, module, casePage, run.RunId);
        Assert.True(run.State.Finished);
        foreach (var page in module.Pages)
        {
            await progress.RecordPageViewAsync(userId, module, page);
        }

        var mastered = (await progress.GetAsync(userId, module))!;
        Assert.True(mastered.IsCompleted);
        Assert.True(mastered.IsMastered);
        Assert.Equal((3, 3, 1, 1), (mastered.QuizzesSubmitted, mastered.QuizzesTotal, mastered.ScenariosFinished, mastered.ScenariosTotal));
    }

    private static Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext> Contexts(AppFactory app) =>
        app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>();

    private static (Leerplatform.Core.Content.LearningModule Module, Leerplatform.Core.Content.ModulePage Quiz, Leerplatform.Core.Content.ModulePage Case) Pages(AppFactory app)
    {
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        return (module, module.FindPage("toets")!, module.FindPage("casus")!);
    }


    private static ItemResponse RightAnswer(Question question) => question.Type switch
    {
        QuestionType.Reflection => new ItemResponse([], "Mijn reflectie.", 3),
        QuestionType.Ordering => new ItemResponse(question.Options.Select(o => o.Id).ToList()),
        QuestionType.Matching => new ItemResponse(question.Options.Select(o => $"{o.Id}:{o.Id}").ToList()),
        QuestionType.Likert => new ItemResponse(["4"]),
        _ => new ItemResponse(question.Options.Where(o => o.Correct).Select(o => o.Id).ToList(), Certainty: 3),
    };

    private static ItemResponse AnyAnswer(Question question) => question.Type switch
    {
        QuestionType.Reflection => new ItemResponse([], "Mijn reflectie.", 2),
        QuestionType.Ordering => new ItemResponse(question.Options.Select(o => o.Id).ToList()),
        QuestionType.Matching => new ItemResponse(question.Options.Select(o => $"{o.Id}:{o.Id}").ToList()),
        QuestionType.Likert => new ItemResponse(["3"]),
        _ => new ItemResponse([question.Options[0].Id], Certainty: 2),
    };
}
