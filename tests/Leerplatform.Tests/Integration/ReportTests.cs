using System.Net;
using System.Text.Json;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// Organisation reports for trainers and admins: the right numbers after learners answered, only the organisation's
/// members, refused for lower roles and other organisations, bad query values answered with a reason.
/// </summary>
public sealed class ReportTests
{
    private const string Trainer = "trainer@leerplatform.test";
    private const string TrainerPassword = "Leerplatform-demo-2";

    private static string Csv(string organisation, string file, string query = "module=toets-module") =>
        $"/api/org/{organisation}/rapporten/{file}?{query}";

    /// <summary>
    /// De Brug: Sam (leerling@) answers the kennischeck right twice, Lotte (leerling2@) right then wrong, a third
    /// member wrong twice. Yusuf of Het Anker answers wrong then right and would change every figure if he leaked in.
    /// Case: Sam and the third member choose the interpreter (begin-1), Lotte and Yusuf the son (begin-2).
    /// </summary>
    private static async Task<(AppFactory App, string Brug, string Anker)> SetUpAsync()
    {
        var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var anker = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        var third = await app.CreateUserAsync("derde@example.org");
        await app.AddMemberAsync(brug, third, OrganisationRoles.Learner);
        var sam = await app.UserIdAsync("leerling@leerplatform.test");
        var lotte = await app.UserIdAsync("leerling2@leerplatform.test");
        var yusuf = await app.UserIdAsync("leerling@anker.test");

        await AnswerKennischeckAsync(app, sam, true, true, "begin-1");
        await AnswerKennischeckAsync(app, lotte, true, false, "begin-2");
        await AnswerKennischeckAsync(app, third, false, false, "begin-1");
        await AnswerKennischeckAsync(app, yusuf, false, true, "begin-2");

        var competences = app.Services.GetRequiredService<CompetenceService>();
        var trainer = await app.UserIdAsync(Trainer);
        await competences.AddTrainerRatingAsync(trainer, sam, "C4", ProficiencyLevel.Vaardig, "Goed tolkgesprek in de stage.");
        await competences.AddTrainerRatingAsync(trainer, yusuf, "C4", ProficiencyLevel.Voortrekker, "Andere organisatie.");
        return (app, brug, anker);
    }

    private static async Task AnswerKennischeckAsync(AppFactory app, string userId, bool knik, bool minderjarig, string choice)
    {
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var quizPage = module.Pages.Single(p => p.Quiz?.Settings.Id == "kennischeck");
        var casePage = module.Pages.Single(p => p.Scenario is not null);
        var assessments = app.Services.GetRequiredService<AssessmentService>();
        var quiz = quizPage.Quiz!;
        var view = await assessments.GetOrStartQuizAsync(userId, module, quizPage);
        view = await assessments.AnswerAsync(userId, module, quizPage, view.AttemptId, "knik", Pick(quiz.FindQuestion("knik")!, knik));
        view = await assessments.AnswerAsync(userId, module, quizPage, view.AttemptId, "minderjarig", Pick(quiz.FindQuestion("minderjarig")!, minderjarig));
        await assessments.SubmitAsync(userId, module, quizPage, view.AttemptId);
        var run = await assessments.GetOrStartScenarioAsync(userId, module, casePage);
        await assessments.ChooseAsync(userId, module, casePage, run.RunId, choice, 2, "Omdat het past.");
    }

    private static ItemResponse Pick(Question question, bool right) => new([question.Options.First(o => o.Correct == right).Id]);

    private static async Task<HttpClient> SignedInAsync(AppFactory app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInAsync(email, password);
        return client;
    }

    [Fact]
    public async Task TheTrainerSeesTheRightNumbersForTheMembersOfTheirOrganisationOnly()
    {
        var (app, brug, _) = await SetUpAsync();
        using (app)
        {
            var trainer = await SignedInAsync(app, Trainer, TrainerPassword);

            // Item analysis over Sam (1, 1), Lotte (1, 0), third (0, 0). knik: mean 2/3 → 66.67%; rest of test 1, 0, 0:
            // deviations (⅓, ⅓, −⅔) and (⅔, −⅓, −⅓) → Sxy = ⅓, Sxx = Syy = ⅔ → r = 0.5. minderjarig: 33.33%, r = 0.5.
            var items = (await trainer.GetStringAsync(Csv(brug, "vragen.csv"))).Split("\r\n");
            Assert.Contains("toets-module,kennischeck,Kennischeck,knik,", items.Single(l => l.Contains(",knik,")));
            Assert.EndsWith(",3,0.67,1,66.67,0.5,", items.Single(l => l.Contains(",knik,")));
            Assert.EndsWith(",3,0.33,1,33.33,0.5,", items.Single(l => l.Contains(",minderjarig,")));

            // First decision at "begin": interpreter 2 of 3, son 1 of 3 (Yusuf's choice is not counted).
            var decisions = await trainer.GetStringAsync(Csv(brug, "keuzes.csv"));
            Assert.Contains("toets-module,casus-k,Casus dhr. K.,begin,begin-1,Je regelt een professionele tolk.,2,66.67\r\n", decisions);
            Assert.Contains("toets-module,casus-k,Casus dhr. K.,begin,begin-2,Je laat de zoon tolken.,1,33.33\r\n", decisions);

            // A period filters on when things happened: nothing in 2000, everything up to 2999.
            var before = await trainer.GetStringAsync(Csv(brug, "keuzes.csv", "module=toets-module&van=2000-01-01&tot=2000-01-02"));
            Assert.Contains(",begin,begin-1,Je regelt een professionele tolk.,0,\r\n", before);
            var within = await trainer.GetStringAsync(Csv(brug, "keuzes.csv", "module=toets-module&van=2000-01-01&tot=2999-12-31"));
            Assert.Contains(",begin,begin-1,Je regelt een professionele tolk.,2,66.67\r\n", within);
            Assert.EndsWith(",0,,1,,,", (await trainer.GetStringAsync(Csv(brug, "vragen.csv", "module=toets-module&tot=2000-01-02"))).Split("\r\n").Single(l => l.Contains(",knik,")));
            Assert.Single((await trainer.GetStringAsync(Csv(brug, "voortgang.csv", "module=toets-module&tot=2000-01-02"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

            var progress = await trainer.GetStringAsync(Csv(brug, "voortgang.csv", "module=toets-module&taal=en"));
            Assert.StartsWith("\uFEFFName,Email,Module id,Module,Status,Started at,Completed at,Passed at\r\n", progress);
            Assert.Contains("Sam Peeters,leerling@leerplatform.test,toets-module,Toets en casus,in-progress,", progress);
            Assert.Contains("Noor El Amrani,trainer@leerplatform.test,toets-module,Toets en casus,not-started,,,\r\n", progress);
            var summary = await trainer.GetStringAsync(Csv(brug, "voortgang-per-module.csv"));
            Assert.Contains("toets-module,Toets en casus,2,3,0,0\r\n", summary);

            var grid = await trainer.GetStringAsync(Csv(brug, "competenties.csv"));
            Assert.Contains("Sam Peeters,leerling@leerplatform.test,vaardig,", grid);

            foreach (var csv in new[] { string.Join("\r\n", items), decisions, progress, summary, grid })
            {
                Assert.DoesNotContain("Yusuf", csv);
                Assert.DoesNotContain("anker", csv);
            }

            var page = await trainer.GetAsync($"/org/{brug}/rapporten");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Sam Peeters", html);
            Assert.Contains("Lotte Janssens", html);
            Assert.Contains("derde@example.org", html);
            Assert.Contains("67%", html);
            Assert.Contains("Je regelt een professionele tolk.", html);
            Assert.Contains("heat-vaardig", html);
            Assert.DoesNotContain("Yusuf", html);
        }
    }

    [Fact]
    public async Task LearnersAnonymousVisitorsAndTrainersOfAnotherOrganisationAreRefused()
    {
        using var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var anker = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        var learner = await SignedInAsync(app, "leerling@leerplatform.test", "Leerplatform-demo-1");
        var trainer = await SignedInAsync(app, Trainer, TrainerPassword);
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var learnerPage = await learner.GetAsync($"/org/{brug}/rapporten");
        Assert.Equal(HttpStatusCode.Redirect, learnerPage.StatusCode);
        Assert.StartsWith("/account/geen-toegang", learnerPage.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync(Csv(brug, "voortgang.csv"))).StatusCode);

        var otherPage = await trainer.GetAsync($"/org/{anker}/rapporten");
        Assert.Equal(HttpStatusCode.Redirect, otherPage.StatusCode);
        Assert.StartsWith("/account/geen-toegang", otherPage.Headers.Location!.PathAndQuery);
        foreach (var file in new[] { "voortgang.csv", "voortgang-per-module.csv", "competenties.csv", "vragen.csv", "keuzes.csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync(Csv(anker, file))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Csv(brug, file))).StatusCode);
        }

        var anonymousPage = await anonymous.GetAsync($"/org/{brug}/rapporten");
        Assert.Equal(HttpStatusCode.Redirect, anonymousPage.StatusCode);
        Assert.StartsWith("/account/inloggen", anonymousPage.Headers.Location!.PathAndQuery);
        var ok = await trainer.GetAsync(Csv(brug, "voortgang.csv"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("module=bestaat-niet", "unknown module")]
    [InlineData("module=toets-module&van=2026-13-01", "not a date")]
    [InlineData("tot=30-11-2026", "not a date")]
    [InlineData("van=2026-12-01&tot=2026-11-01", "start date lies after the end date")]
    [InlineData("taal=fr", "not nl or en")]
    public async Task BadQueryValuesGetA400WithTheReason(string query, string reason)
    {
        using var app = AppFactory.For("assessment-valid");
        var brug = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var trainer = await SignedInAsync(app, Trainer, TrainerPassword);

        foreach (var file in new[] { "voortgang.csv", "competenties.csv", "vragen.csv", "keuzes.csv" })
        {
            var response = await trainer.GetAsync(Csv(brug, file, query));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(reason, problem.RootElement.GetProperty("detail").GetString());
        }
    }
}
