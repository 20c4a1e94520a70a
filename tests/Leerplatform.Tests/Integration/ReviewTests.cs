using System.Net;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Reviews;
using Leerplatform.Web.Services.Xapi;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// The review queue: a trainer sees the reflections and case reasons of their organisation's members only, comments
/// and rates; the rating is trainer evidence, the review an xAPI statement, and the learner reads the comment.
/// </summary>
public sealed class ReviewTests
{
    private const string Reflection = "Ik vraag voortaan eerst wat de cliënt zelf wil weten.";
    private const string Comment = "Sterk: je laat de cliënt zelf kiezen. Vraag ook naar wie er mag meeluisteren.";

    private static DemoUserSeeder.DemoUser Demo(string email) => DemoUserSeeder.Users.Single(u => u.Email == email);

    [Fact]
    public async Task ALearnersReflectionAppearsInTheirOrganisationsQueueAndNowhereElse()
    {
        using var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var anker = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        var trainerId = await app.UserIdAsync("trainer@leerplatform.test");
        var ankerTrainerId = await app.CreateUserAsync("trainer@anker.test");
        await app.AddMemberAsync(anker, ankerTrainerId, OrganisationRoles.Trainer);
        await ReflectAsync(app, await app.UserIdAsync("leerling@leerplatform.test"), Reflection);
        await ReflectAsync(app, trainerId, "Mijn eigen reflectie als trainer.");
        await DecideAsync(app, await app.UserIdAsync("leerling@anker.test"), "Een tolk vertaalt ook het moeilijke nieuws.");
        var reviews = app.Services.GetRequiredService<ReviewService>();
        var library = app.Services.GetRequiredService<ContentCatalog>().Current;

        var brugQueue = await reviews.QueueAsync(brug, trainerId, ReviewFilter.Open, null, library);
        var ankerQueue = await reviews.QueueAsync(anker, ankerTrainerId, ReviewFilter.Open, null, library);
        var otherModule = await reviews.QueueAsync(brug, trainerId, ReviewFilter.Open, "andere-module", library);
        var trainer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await trainer.SignInAsync(Demo("trainer@leerplatform.test").Email, Demo("trainer@leerplatform.test").Password);
        // Razor encodes "ë" in the HTML: compare the text as a browser shows it.
        var page = (await trainer.GetDocumentAsync($"/org/{brug}/beoordelen")).Body!.TextContent;
        var otherOrganisation = await trainer.GetAsync($"/org/{anker}/beoordelen");

        var item = Assert.Single(brugQueue);
        Assert.Equal((ReviewItemKind.Reflection, "Sam Peeters", Reflection, (int?)2), (item.Kind, item.LearnerName, item.Answer, item.Certainty));
        Assert.Equal("Wat neem je mee uit deze module?", item.ItemText);
        Assert.Equal(["C4", "C5"], item.Competences.Select(c => c.Code));
        var decision = Assert.Single(ankerQueue);
        Assert.Equal((ReviewItemKind.Decision, "Een tolk vertaalt ook het moeilijke nieuws.", "Je regelt een professionele tolk."), (decision.Kind, decision.Answer, decision.ChoiceText));
        Assert.Empty(otherModule);
        Assert.Contains(Reflection, page);
        Assert.DoesNotContain("Mijn eigen reflectie als trainer.", page);
        Assert.DoesNotContain("moeilijke nieuws", page);
        Assert.Equal(HttpStatusCode.Redirect, otherOrganisation.StatusCode);
        Assert.StartsWith("/account/geen-toegang", otherOrganisation.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AReviewWithARatingBecomesTrainerEvidenceAndAStatementAndOnlyTheLearnerReadsIt()
    {
        using var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var trainerId = await app.UserIdAsync("trainer@leerplatform.test");
        var learnerId = await app.UserIdAsync("leerling@leerplatform.test");
        var responseId = await ReflectAsync(app, learnerId, Reflection);
        var reviews = app.Services.GetRequiredService<ReviewService>();
        var library = app.Services.GetRequiredService<ContentCatalog>().Current;

        var feedbackId = await reviews.ReviewAsync(brug, trainerId, responseId, "  " + Comment + "  ", "c4", "Vaardig", library);

        await using (var db = await app.DbAsync())
        {
            var feedback = await db.ReviewFeedback.SingleAsync();
            Assert.Equal((feedbackId, brug, responseId, learnerId, trainerId, Comment, "C4", (int?)2), (feedback.Id, feedback.OrganisationId, feedback.ResponseId,
                feedback.LearnerUserId, feedback.TrainerUserId, feedback.Comment, feedback.Competence, feedback.Level));
            var evidence = await db.CompetenceEvidence.SingleAsync(e => e.Id == feedback.EvidenceId);
            Assert.Equal(("trainer", "C4", (int?)2, trainerId, Comment, learnerId), (evidence.Kind, evidence.Competence, evidence.Level, evidence.RaterUserId, evidence.Reason, evidence.UserId));
            Assert.Equal(("toets-module", "oefenen", "terugblik", (long?)responseId), (evidence.ModuleId, evidence.PageId, evidence.ItemId, evidence.ResponseId));
            var statement = await db.XapiStatements.SingleAsync(s => s.VerbId == LearningStatements.Verbs.Scored);
            Assert.Equal((learnerId, "toets-module"), (statement.UserId, statement.ModuleId));
            Assert.Contains(trainerId, statement.Json);
            Assert.Contains("Sterk: je laat de cliënt zelf kiezen.", statement.Json);
            Assert.Contains("xapi/extensions/learner", statement.Json);
        }

        var standing = (await app.Services.GetRequiredService<CompetenceService>().GetAsync(learnerId, library)).Single(v => v.Competence.Code == "C4");
        Assert.Equal(ProficiencyLevel.Vaardig, standing.Standing.TrainerLevel);
        Assert.Empty(await reviews.QueueAsync(brug, trainerId, ReviewFilter.Open, null, library));

        var learner = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await learner.SignInAsync(Demo("leerling@leerplatform.test").Email, Demo("leerling@leerplatform.test").Password);
        var other = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await other.SignInAsync(Demo("leerling2@leerplatform.test").Email, Demo("leerling2@leerplatform.test").Password);
        var myLearning = await learner.GetDocumentAsync("/mijn-leren");
        var mine = await learner.GetDocumentAsync("/mijn-feedback");
        var competences = (await learner.GetDocumentAsync("/mijn-competenties")).Body!.TextContent;
        var theirs = (await other.GetDocumentAsync("/mijn-feedback")).Body!.TextContent;

        Assert.Contains("1 nieuw", myLearning.QuerySelector("[data-testid=feedback-link]")!.TextContent);
        var shown = Assert.Single(mine.QuerySelectorAll("[data-testid=feedback-item]"));
        Assert.Contains("Feedback van Noor El Amrani", shown.TextContent);
        Assert.Equal(Comment, shown.QuerySelector("[data-testid=feedback-comment]")!.TextContent);
        Assert.Contains("C4", shown.QuerySelector("[data-testid=feedback-rating]")!.TextContent);
        Assert.Contains("Vaardig", shown.QuerySelector("[data-testid=feedback-rating]")!.TextContent);
        Assert.Contains(Reflection, shown.TextContent);
        Assert.Contains(Comment, competences);
        Assert.DoesNotContain(Comment, theirs);
        Assert.Equal(0, await reviews.UnseenCountAsync(learnerId));

        // A second review keeps the first: the queue shows the newest, the learner both.
        await reviews.ReviewAsync(brug, trainerId, responseId, "Nog een tip: oefen dit in een rollenspel.", null, null, library);
        var reviewed = Assert.Single(await reviews.QueueAsync(brug, trainerId, ReviewFilter.Reviewed, null, library));
        Assert.Equal(("Nog een tip: oefen dit in een rollenspel.", 2), (reviewed.Latest!.Comment, reviewed.ReviewCount));
        Assert.Equal(2, (await reviews.MineAsync(learnerId, library)).Count);
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(1, await db.XapiStatements.CountAsync(s => s.VerbId == LearningStatements.Verbs.Commented));
            Assert.Equal(1, await db.CompetenceEvidence.CountAsync(e => e.Kind == "trainer"));
        }
    }

    [Fact]
    public async Task LearnersAndTrainersOfAnotherOrganisationAreRefusedOnThePageAndInTheService()
    {
        using var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var anker = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        var ankerTrainerId = await app.CreateUserAsync("trainer@anker.test");
        await app.AddMemberAsync(anker, ankerTrainerId, OrganisationRoles.Trainer);
        var learnerId = await app.UserIdAsync("leerling@leerplatform.test");
        var responseId = await ReflectAsync(app, learnerId, Reflection);
        var ankerResponseId = await DecideAsync(app, await app.UserIdAsync("leerling@anker.test"), "Omdat hij recht heeft op goede informatie.");
        var reviews = app.Services.GetRequiredService<ReviewService>();
        var library = app.Services.GetRequiredService<ContentCatalog>().Current;
        var learner = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await learner.SignInAsync(Demo("leerling2@leerplatform.test").Email, Demo("leerling2@leerplatform.test").Password);
        var ankerTrainer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await ankerTrainer.SignInAsync("trainer@anker.test", "een lang wachtwoord");

        foreach (var client in new[] { learner, ankerTrainer })
        {
            var refused = await client.GetAsync($"/org/{brug}/beoordelen");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/account/geen-toegang", refused.Headers.Location!.PathAndQuery);
        }

        var otherLearnerId = await app.UserIdAsync("leerling2@leerplatform.test");
        var byLearner = await Assert.ThrowsAsync<ReviewException>(() => reviews.ReviewAsync(brug, otherLearnerId, responseId, Comment, null, null, library));
        var inOtherOrganisation = await Assert.ThrowsAsync<ReviewException>(() => reviews.ReviewAsync(brug, ankerTrainerId, responseId, Comment, null, null, library));
        var idOfOtherOrganisation = await Assert.ThrowsAsync<ReviewException>(() => reviews.ReviewAsync(anker, ankerTrainerId, responseId, Comment, null, null, library));
        var trainerId = await app.UserIdAsync("trainer@leerplatform.test");
        var ankerIdInBrug = await Assert.ThrowsAsync<ReviewException>(() => reviews.ReviewAsync(brug, trainerId, ankerResponseId, Comment, null, null, library));
        var queue = await Assert.ThrowsAsync<ReviewException>(() => reviews.QueueAsync(brug, ankerTrainerId, ReviewFilter.Open, null, library));

        Assert.Equal(["NotAllowed", "NotAllowed", "NotFound", "NotFound", "NotAllowed"],
            new[] { byLearner, inOtherOrganisation, idOfOtherOrganisation, ankerIdInBrug, queue }.Select(e => e.Code));
        await using var db = await app.DbAsync();
        Assert.Equal(0, await db.ReviewFeedback.CountAsync());
    }

    [Theory]
    [InlineData("", null, null, "CommentRequired")]
    [InlineData("   ", null, null, "CommentRequired")]
    [InlineData("LONG", null, null, "CommentTooLong")]
    [InlineData(Comment, "C4", "expert", "UnknownLevel")]
    [InlineData(Comment, "C4", null, "UnknownLevel")]
    [InlineData(Comment, "C9", "basis", "UnknownCompetence")]
    [InlineData(Comment, null, "basis", "UnknownCompetence")]
    public async Task BadReviewsAreRefusedWithAClearMessageAndSaveNothing(string comment, string? competence, string? level, string code)
    {
        using var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var responseId = await ReflectAsync(app, await app.UserIdAsync("leerling@leerplatform.test"), Reflection);
        var reviews = app.Services.GetRequiredService<ReviewService>();
        var text = comment == "LONG" ? new string('a', ReviewService.MaxComment + 1) : comment;
        var trainerId = await app.UserIdAsync("trainer@leerplatform.test");

        var refused = await Assert.ThrowsAsync<ReviewException>(() =>
            reviews.ReviewAsync(brug, trainerId, responseId, text, competence, level, app.Services.GetRequiredService<ContentCatalog>().Current));

        Assert.Equal(code, refused.Code);
        var localizer = app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Leerplatform.Web.SharedResource>>();
        Assert.False(localizer[$"Review_Error_{code}"].ResourceNotFound);
        await using var db = await app.DbAsync();
        Assert.Equal(0, await db.ReviewFeedback.CountAsync());
        Assert.Equal(0, await db.CompetenceEvidence.CountAsync(e => e.Kind == "trainer"));
    }

    /// <summary>Writes the reflection of the practice quiz ("terugblik", with certainty 2); returns its log id.</summary>
    private static async Task<long> ReflectAsync(AppFactory app, string userId, string text)
    {
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var page = module.FindPage("oefenen")!;
        var service = app.Services.GetRequiredService<AssessmentService>();
        var attempt = await service.GetOrStartQuizAsync(userId, module, page);
        await service.AnswerAsync(userId, module, page, attempt.AttemptId, "terugblik", new ItemResponse([], text, 2));
        await using var db = await app.DbAsync();
        return await db.LearnerResponses.Where(r => r.UserId == userId && r.ItemId == "terugblik").MaxAsync(r => r.Id);
    }

    /// <summary>Takes the first choice of the case with certainty 3 and a reason; returns its log id.</summary>
    private static async Task<long> DecideAsync(AppFactory app, string userId, string reason)
    {
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var page = module.FindPage("casus")!;
        var service = app.Services.GetRequiredService<AssessmentService>();
        var run = await service.GetOrStartScenarioAsync(userId, module, page);
        await service.ChooseAsync(userId, module, page, run.RunId, "begin-1", 3, reason);
        await using var db = await app.DbAsync();
        return await db.LearnerResponses.Where(r => r.UserId == userId && r.Kind == "decision").MaxAsync(r => r.Id);
    }
}
