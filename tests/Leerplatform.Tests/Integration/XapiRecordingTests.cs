using System.Text.Json;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Core.Xapi;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// Every learner event becomes statements of the profile in docs/xapi-profile.md, stored in the same transaction
/// as the event, valid for 1.0.3 by our validator and by a third party's (xapi-validation from npm).
/// </summary>
public sealed class XapiRecordingTests
{
    private static (LearningModule Module, ModulePage Intro, ModulePage Quiz, ModulePage Case) Pages(AppFactory app)
    {
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        return (module, module.Pages[0], module.FindPage("toets")!, module.FindPage("casus")!);
    }

    private static ItemResponse RightAnswer(Question question) => question.Type switch
    {
        QuestionType.Reflection => new ItemResponse([], "Ik vraag voortaan eerst een tolk aan.", 3),
        QuestionType.Ordering => new ItemResponse(question.Options.Select(o => o.Id).ToList()),
        QuestionType.Matching => new ItemResponse(question.Options.Select(o => $"{o.Id}:{o.Id}").ToList()),
        QuestionType.Likert => new ItemResponse(["4"]),
        _ => new ItemResponse(question.Options.Where(o => o.Correct).Select(o => o.Id).ToList(), Certainty: 3),
    };

    /// <summary>Reads the module's pages, answers and submits the quiz, and plays the case to an ending.</summary>
    private static async Task PlayJourneyAsync(AppFactory app, string userId)
    {
        var (module, _, quizPage, casePage) = Pages(app);
        var progress = app.Services.GetRequiredService<ProgressService>();
        var assessments = app.Services.GetRequiredService<AssessmentService>();
        foreach (var page in module.Pages)
        {
            await progress.RecordPageViewAsync(userId, module, page);
        }

        var quiz = await assessments.GetOrStartQuizAsync(userId, module, quizPage);
        foreach (var id in quiz.State.QuestionOrder)
        {
            quiz = await assessments.AnswerAsync(userId, module, quizPage, quiz.AttemptId, id, RightAnswer(quizPage.Quiz!.FindQuestion(id)!));
        }

        await assessments.SubmitAsync(userId, module, quizPage, quiz.AttemptId);

        var run = await assessments.GetOrStartScenarioAsync(userId, module, casePage);
        while (!run.State.Finished)
        {
            if (run.State.PendingStep is null)
            {
                var choice = ScenarioEngine.AvailableChoices(casePage.Scenario!, run.State)[0];
                run = await assessments.ChooseAsync(userId, module, casePage, run.RunId, choice.Id, 2, "Omdat de cliënt dan zelf kan kiezen.");
            }
            else
            {
                run = await assessments.ContinueAsync(userId, module, casePage, run.RunId);
            }
        }
    }

    private static async Task<List<string>> StatementsOfAsync(AppFactory app, string userId)
    {
        await using var db = await app.DbAsync();
        return await db.XapiStatements.Where(s => s.UserId == userId).OrderBy(s => s.Seq).Select(s => s.Json).ToListAsync();
    }

    [Fact]
    public async Task ALearnersJourneyIsRecordedAsValidStatementsOfTheProfile()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("journey@example.org");
        await PlayJourneyAsync(app, userId);

        var statements = await StatementsOfAsync(app, userId);
        var parsed = statements.Select(json => JsonDocument.Parse(json)).ToList();
        foreach (var document in parsed)
        {
            Assert.Empty(StatementValidator.Validate(document.RootElement, XapiVersion.V1_0_3));
        }

        var verbs = parsed.Select(d => d.RootElement.GetProperty("verb").GetProperty("id").GetString()!.Split('/')[^1]).ToList();
        Assert.Equal(["launched", "initialized", "experienced", "progressed"], verbs.Take(4));
        Assert.Contains("answered", verbs);
        Assert.Contains("passed", verbs);
        Assert.Contains("responded", verbs);
        Assert.Contains("completed", verbs);

        // One registration for the whole attempt at the module.
        var registrations = parsed.Where(d => d.RootElement.GetProperty("context").TryGetProperty("registration", out _))
            .Select(d => d.RootElement.GetProperty("context").GetProperty("registration").GetString()).Distinct().ToList();
        Assert.Single(registrations);

        // Each logged answer has exactly one answered statement, with the interaction and the learner's response.
        await using var db = await app.DbAsync();
        var answers = await db.LearnerResponses.CountAsync(r => r.UserId == userId && r.Kind == "answer");
        var answered = parsed.Where(d => d.RootElement.GetProperty("verb").GetProperty("id").GetString() == LearningStatements.Verbs.Answered).ToList();
        Assert.Equal(answers, answered.Count);
        var choice = answered.Select(d => d.RootElement).First(s => s.GetProperty("object").GetProperty("definition").GetProperty("interactionType").GetString() == "choice");
        Assert.True(choice.GetProperty("object").GetProperty("definition").TryGetProperty("correctResponsesPattern", out _));
        Assert.True(choice.GetProperty("result").TryGetProperty("response", out _));
        // This quiz gives feedback after hand-in: while answering, no feedback was shown and no verdict is recorded.
        Assert.Equal(0, choice.GetProperty("result").GetProperty("extensions").GetProperty("https://leerplatform.example/xapi/extensions/feedback-shown").GetArrayLength());
        Assert.False(choice.GetProperty("result").TryGetProperty("success", out _));
        Assert.Equal("https://leerplatform.example/xapi/profile", choice.GetProperty("context").GetProperty("contextActivities").GetProperty("category")[0].GetProperty("id").GetString());

        var decision = parsed.Select(d => d.RootElement).First(s => s.GetProperty("verb").GetProperty("id").GetString() == LearningStatements.Verbs.Responded);
        Assert.True(decision.GetProperty("result").GetProperty("extensions").TryGetProperty("https://leerplatform.example/xapi/extensions/competence-deltas", out _));
        Assert.Equal("Omdat de cliënt dan zelf kan kiezen.", decision.GetProperty("result").GetProperty("extensions").GetProperty("https://leerplatform.example/xapi/extensions/reason").GetString());

        // And a third party agrees they are valid 1.0.3 statements.
        using var temp = new TempDirectory();
        var file = temp.Combine("statements.json");
        await File.WriteAllTextAsync(file, "[" + string.Join(",", statements) + "]");
        var validation = await NodeInterop.RunAsync("validate.js", [file], TimeSpan.FromSeconds(60));
        Assert.True(validation.ExitCode == 0, validation.ToString());
    }

    [Fact]
    public async Task AnAnswerWithImmediateFeedbackRecordsTheVerdictAndWhichFeedbackWasShown()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("feedback@example.org");
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var page = module.FindPage("kennischeck")!;
        var assessments = app.Services.GetRequiredService<AssessmentService>();
        var quiz = await assessments.GetOrStartQuizAsync(userId, module, page);
        var question = page.Quiz!.FindQuestion(quiz.State.QuestionOrder[0])!;
        var wrong = question.Options.First(o => !o.Correct);
        await assessments.AnswerAsync(userId, module, page, quiz.AttemptId, question.Id, new ItemResponse([wrong.Id]));

        var answered = (await StatementsOfAsync(app, userId)).Select(j => JsonDocument.Parse(j).RootElement)
            .Single(s => s.GetProperty("verb").GetProperty("id").GetString() == LearningStatements.Verbs.Answered);
        var result = answered.GetProperty("result");
        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.Equal(wrong.Id, result.GetProperty("response").GetString());
        var shown = result.GetProperty("extensions").GetProperty("https://leerplatform.example/xapi/extensions/feedback-shown").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains("verdict", shown);
        Assert.Equal(wrong.FeedbackHtml is not null, shown.Contains("option:" + wrong.Id));
        Assert.Equal(question.ExplanationHtml is not null, shown.Contains("explanation"));
    }

    [Fact]
    public async Task StatementsAreWrittenWithEachSaveOfTheirContextAndOnlyThen()
    {
        // Statements go in with prepared SQL right after the context's own changes (issue 8); statements added
        // after a first save (a level change found while saving evidence) must go in with the second save.
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("twosaves@example.org");
        var (module, _, _, _) = Pages(app);
        var recorder = app.Services.GetRequiredService<XapiRecorder>();
        var now = DateTime.UtcNow;

        await using (var db = await app.DbAsync())
        {
            var session = await recorder.BeginAsync(db, userId, CancellationToken.None, module.Id);
            var registration = Guid.NewGuid();
            session.Module(module, registration, LearningStatements.Verbs.Launched, now);
            session.Module(module, registration, LearningStatements.Verbs.Initialized, now);
            await db.SaveChangesAsync();
            session.Module(module, registration, LearningStatements.Verbs.Suspended, now);
            await db.SaveChangesAsync();
            session.Module(module, registration, LearningStatements.Verbs.Terminated, now);
            // Never saved: never written.
        }

        await using (var db = await app.DbAsync())
        {
            var verbs = await db.XapiStatements.Where(s => s.UserId == userId).OrderBy(s => s.Seq).Select(s => s.VerbId).ToListAsync();
            Assert.Equal([LearningStatements.Verbs.Launched, LearningStatements.Verbs.Initialized, LearningStatements.Verbs.Suspended], verbs);
            var first = await db.XapiStatements.Include(s => s.Activities).Include(s => s.Agents).FirstAsync(s => s.UserId == userId);
            Assert.Contains(first.Activities, a => a.ActivityId == first.ObjectActivityId);
            Assert.Contains(first.Agents, a => a.AgentKey == first.ActorKey);
        }
    }

    [Fact]
    public async Task AnAnswerIsNeverStoredWithoutItsStatement()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("atomic@example.org");
        var (module, _, quizPage, _) = Pages(app);
        var assessments = app.Services.GetRequiredService<AssessmentService>();
        var quiz = await assessments.GetOrStartQuizAsync(userId, module, quizPage);
        var question = quiz.State.QuestionOrder[0];

        // The database refuses statements: as if the process died between the answer and its statement.
        int revision;
        await using (var db = await app.DbAsync())
        {
            revision = (await db.QuizAttempts.SingleAsync(a => a.UserId == userId)).Revision;
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_statements BEFORE INSERT ON XapiStatements BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
        }

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => assessments.AnswerAsync(userId, module, quizPage, quiz.AttemptId, question, RightAnswer(quizPage.Quiz!.FindQuestion(question)!)));
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(0, await db.LearnerResponses.CountAsync(r => r.UserId == userId));
            Assert.Equal(revision, (await db.QuizAttempts.SingleAsync(a => a.UserId == userId)).Revision);
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_statements;");
        }

        var after = await assessments.GetOrStartQuizAsync(userId, module, quizPage);
        Assert.Null(after.State.Item(question).Response);
        await assessments.AnswerAsync(userId, module, quizPage, quiz.AttemptId, question, RightAnswer(quizPage.Quiz!.FindQuestion(question)!));
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(1, await db.LearnerResponses.CountAsync(r => r.UserId == userId && r.Kind == "answer"));
            Assert.Equal(1, await db.XapiStatements.CountAsync(s => s.UserId == userId && s.VerbId == LearningStatements.Verbs.Answered));
        }
    }

    [Fact]
    public async Task LeavingAnUnfinishedModuleSuspendsItAndComingBackResumesIt()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("pauze@example.org");
        var (module, intro, _, _) = Pages(app);
        var progress = app.Services.GetRequiredService<ProgressService>();
        await progress.OpenModuleAsync(userId, module);
        await progress.RecordPageViewAsync(userId, module, intro);
        await progress.LeaveModuleAsync(userId, module, DateTime.UtcNow.AddMinutes(-5));
        await progress.OpenModuleAsync(userId, module);

        var verbs = (await StatementsOfAsync(app, userId)).Select(j => JsonDocument.Parse(j).RootElement.GetProperty("verb").GetProperty("id").GetString()!.Split('/')[^1]);
        Assert.Equal(["launched", "initialized", "experienced", "progressed", "suspended", "terminated", "initialized", "resumed"], verbs);
        var terminated = (await StatementsOfAsync(app, userId)).Select(j => JsonDocument.Parse(j).RootElement).Single(s => s.GetProperty("verb").GetProperty("id").GetString() == LearningStatements.Verbs.Terminated);
        Assert.StartsWith("PT5M", terminated.GetProperty("result").GetProperty("duration").GetString());
    }

    /// <summary>
    /// Who a learner is for xAPI (name, organisation, forwarding), their region and memberships are cached per
    /// learner (issue 8); every change to them must apply to the learner's very next action.
    /// </summary>
    [Fact]
    public async Task ChangesToWhoALearnerIsApplyToTheirNextAction()
    {
        using var app = AppFactory.For("assessment-valid");
        var (module, intro, _, _) = Pages(app);
        var progress = app.Services.GetRequiredService<ProgressService>();
        var userId = await app.CreateUserAsync("wie@example.org");
        async Task<(string? Organisation, string Name, int Queued)> LastStatementAsync()
        {
            await progress.RecordPageViewAsync(userId, module, intro);
            await using var db = await app.DbAsync();
            var last = await db.XapiStatements.Where(s => s.UserId == userId).OrderBy(s => s.Seq).LastAsync();
            var name = JsonDocument.Parse(last.Json).RootElement.GetProperty("actor").GetProperty("name").GetString()!;
            return (last.OrganisationId, name, await db.XapiOutbox.CountAsync(e => e.StatementSeq == last.Seq));
        }

        Assert.Equal((null, "wie@example.org", 0), await LastStatementAsync());

        await using (var db = await app.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == userId)).DisplayName = "Wies Peeters";
            await db.SaveChangesAsync();
        }

        Assert.Equal((null, "Wies Peeters", 0), await LastStatementAsync());

        var access = app.Services.GetRequiredService<Leerplatform.Web.Services.Organisations.OrganisationAccess>();
        Assert.Empty(await access.MembershipsAsync(userId));
        var (organisation, _, _) = await app.CreateOrganisationAsync("Wijkzorg", true, userId);
        Assert.Equal((organisation, "Wies Peeters", 0), await LastStatementAsync());
        Assert.Equal(["Wijkzorg"], (await access.MembershipsAsync(userId)).Select(m => m.Name));

        Assert.Null(await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, "https://lrs.example.org/xapi/", "u", "p", enabled: false));
        Assert.Equal((organisation, "Wies Peeters", 1), await LastStatementAsync());

        var regions = app.Services.GetRequiredService<LearnerRegionService>();
        Assert.Null(await regions.GetAsync(userId));
        await regions.SetAsync(userId, "nl");
        Assert.Equal("nl", await regions.GetAsync(userId));
        await regions.SetAsync(userId, "vl");
        Assert.Equal("vl", await regions.GetAsync(userId));
    }

    [Fact]
    public async Task AMembersStatementsAreForwardedToARealThirdPartyLrs()
    {
        await using var lrs = await ExternalLrs.StartAsync();
        using var app = AppFactory.For("assessment-valid", settings: new Dictionary<string, string>
        {
            ["Leerplatform:Xapi:PollInterval"] = "00:00:00.200",
            ["Leerplatform:Xapi:ForwardBatch"] = "10",
        });
        var userId = await app.CreateUserAsync("forward@example.org");
        var (organisation, _, _) = await app.CreateOrganisationAsync("Met LRS", true, userId);
        Assert.Null(await app.Services.GetRequiredService<LrsSettings>().SaveAsync(organisation, lrs.Endpoint.ToString(), "any", "any", enabled: true));
        await PlayJourneyAsync(app, userId);

        var settings = app.Services.GetRequiredService<LrsSettings>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await settings.GetAsync(organisation)) is { QueueDepth: > 0 } or { ParkedCount: > 0 })
        {
            Assert.True(DateTime.UtcNow < until, $"Still queued: {JsonSerializer.Serialize(await settings.GetAsync(organisation))}");
            await Task.Delay(200);
        }

        Assert.Equal("1.0.3", (await settings.GetAsync(organisation)).Version);
        var ours = (await StatementsOfAsync(app, userId)).Select(j => JsonDocument.Parse(j).RootElement.GetProperty("id").GetString()).ToHashSet();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        http.DefaultRequestHeaders.Authorization = new("Basic", "YW55OmFueQ==");
        using var page = JsonDocument.Parse(await http.GetStringAsync(new Uri(lrs.Endpoint, "statements?limit=1000")));
        var theirs = page.RootElement.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(ours, theirs);
    }
}
