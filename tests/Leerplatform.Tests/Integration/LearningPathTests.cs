using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.LearningPaths;
using Leerplatform.Web.Services.Xapi;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// Learning paths in the app (fixture "leerlijn": lees-een → opdracht eerste → lees-twee → opdracht tweede): a
/// learner completes a module and hands in an assignment, the path shows 2 of 4 steps and moves the next step;
/// bad hand-ins are refused and store nothing; unknown paths are 404; learners never see each other's hand-ins.
/// </summary>
public sealed class LearningPathTests
{
    private const string Answer = "Mijn drie drempels: de intake is alleen in het Nederlands, folders zijn moeilijk, en we kennen geen sleutelfiguren.";

    private static DemoUserSeeder.DemoUser Demo(string email) => DemoUserSeeder.Users.Single(u => u.Email == email);

    private static async Task<HttpClient> SignedInAsync(AppFactory app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInAsync(email, Demo(email).Password);
        return client;
    }

    /// <summary>Reads the only page of module lees-een: its mastery rule (voltooid) makes step 1 done.</summary>
    private static async Task CompleteFirstModuleAsync(AppFactory app, string userId)
    {
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("lees-een")!;
        var view = await app.Services.GetRequiredService<ProgressService>().RecordPageViewAsync(userId, module, module.Pages[0]);
        Assert.True(view.IsMastered);
    }

    [Fact]
    public async Task ALearnerCompletesAModuleAndHandsInAnAssignmentAndThePathShowsTwoOfFourStepsDone()
    {
        using var app = AppFactory.For("leerlijn");
        var learnerId = await app.UserIdAsync("leerling@leerplatform.test");
        var client = await SignedInAsync(app, "leerling@leerplatform.test");
        var before = await client.GetDocumentAsync("/leerlijnen/test-pad");
        Assert.Equal("0 van 4 stappen gezet", before.QuerySelector("[data-testid=path-progress] label")!.TextContent);
        Assert.Contains("Stap 1 · Eerste module van de leerlijn", before.QuerySelector("[data-testid=next-step]")!.TextContent);
        Assert.Equal("/modules/lees-een", before.QuerySelector("[data-testid=next-step]")!.GetAttribute("href"));

        await CompleteFirstModuleAsync(app, learnerId);
        var response = await client.PostAsJsonAsync("/api/leerlijnen/test-pad/opdrachten/eerste", new { tekst = "  " + Answer + "\r\n" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using (var db = await app.DbAsync())
        {
            var row = await db.AssignmentSubmissions.SingleAsync();
            Assert.Equal((learnerId, "test-pad", "eerste", Answer), (row.UserId, row.PathId, row.AssignmentSlug, row.Text));
            var statement = await db.XapiStatements.SingleAsync(s => s.VerbId == LearningStatements.Verbs.Answered);
            Assert.Equal((learnerId, (string?)null), (statement.UserId, statement.ModuleId));
            Assert.Contains("leerlijnen/test-pad/opdrachten/eerste", statement.Json);
            Assert.Contains("long-fill-in", statement.Json);
            Assert.Contains("sleutelfiguren", statement.Json);
            using var json = JsonDocument.Parse(statement.Json);
            Assert.Empty(Leerplatform.Core.Xapi.StatementValidator.Validate(json.RootElement, Leerplatform.Core.Xapi.XapiVersion.V1_0_3));
            Assert.Empty(Leerplatform.Core.Xapi.StatementValidator.Validate(json.RootElement, Leerplatform.Core.Xapi.XapiVersion.V2_0_0));
            Assert.Equal("https://leerplatform.example/leerlijnen/test-pad", json.RootElement.GetProperty("context").GetProperty("contextActivities").GetProperty("parent")[0].GetProperty("id").GetString());
        }

        var page = await client.GetDocumentAsync("/leerlijnen/test-pad");
        Assert.Equal("2 van 4 stappen gezet", page.QuerySelector("[data-testid=path-progress] label")!.TextContent);
        Assert.Equal("/modules/lees-twee", page.QuerySelector("[data-testid=next-step]")!.GetAttribute("href"));
        Assert.Contains("Stap 3 · Tweede module van de leerlijn", page.QuerySelector("[data-testid=next-step]")!.TextContent);
        var steps = page.QuerySelectorAll("ol[data-testid=path-steps] > li[data-testid=path-step]");
        Assert.Equal(4, steps.Length);
        Assert.Equal(["Klaar", "Klaar", "Nog niet begonnen", "Nog niet begonnen"], steps.Select(s => s.QuerySelector("[data-testid=step-status]")!.TextContent.Trim()[2..]));
        Assert.Equal("step", steps[2].GetAttribute("aria-current"));
        Assert.Contains("Opdracht", steps[1].TextContent);
        Assert.Equal("/leerlijnen/test-pad/opdracht/eerste", steps[1].QuerySelector("a")!.GetAttribute("href"));

        var api = await client.GetFromJsonAsync<JsonElement>("/api/leerlijnen");
        Assert.Equal((2, 4, 3), (api[0].GetProperty("gedaan").GetInt32(), api[0].GetProperty("totaal").GetInt32(), api[0].GetProperty("volgende").GetProperty("nummer").GetInt32()));
        var list = (await client.GetDocumentAsync("/leerlijnen")).QuerySelector("[data-testid=path-card]")!.TextContent;
        Assert.Contains("2 van 4 stappen gezet", list);
        var myLearning = (await client.GetDocumentAsync("/mijn-leren")).QuerySelector("[data-testid=my-paths]")!.TextContent;
        Assert.Contains("Testleerlijn", myLearning);
        Assert.Contains("2 van 4 stappen gezet", myLearning);
    }

    [Fact]
    public async Task HandingInAgainAddsARowAndTheNewestCountsOnTheAssignmentPage()
    {
        using var app = AppFactory.For("leerlijn");
        var learnerId = await app.UserIdAsync("leerling@leerplatform.test");
        var paths = app.Services.GetRequiredService<LearningPathService>();
        var path = paths.Find("test-pad")!;

        await paths.SubmitAsync(learnerId, path, path.FindAssignment("eerste")!, "Eerste versie.");
        var second = await paths.SubmitAsync(learnerId, path, path.FindAssignment("eerste")!, Answer);
        var page = await (await SignedInAsync(app, "leerling@leerplatform.test")).GetDocumentAsync("/leerlijnen/test-pad/opdracht/eerste");

        Assert.Equal((Answer, 2), (second.Text, second.Count));
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(["Eerste versie.", Answer], await db.AssignmentSubmissions.OrderBy(s => s.Id).Select(s => s.Text).ToListAsync());
            Assert.Equal(2, await db.XapiStatements.CountAsync(s => s.VerbId == LearningStatements.Verbs.Answered));
        }

        Assert.Equal(Answer, page.QuerySelector("[data-testid=last-submission-text]")!.TextContent);
        Assert.Contains("2 keer", page.QuerySelector("[data-testid=last-submission]")!.TextContent);
        Assert.Equal(Answer, page.QuerySelector("textarea#assignment-text")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("label[for=assignment-text]"));
        Assert.Contains("Wat lever je in?", page.QuerySelector(".page-content")!.TextContent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    [InlineData(null)]
    public async Task AnEmptyHandInIsRefusedWith400AndNothingIsStored(string? text)
    {
        using var app = AppFactory.For("leerlijn");
        var client = await SignedInAsync(app, "leerling@leerplatform.test");

        var response = await client.PostAsJsonAsync("/api/leerlijnen/test-pad/opdrachten/eerste", new { tekst = text });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("lege inzending", problem.GetProperty("errors").GetProperty("tekst")[0].GetString());
        await AssertNothingStoredAsync(app);
    }

    [Fact]
    public async Task AHandInOverTenThousandCharactersIsRefusedAndExactlyTenThousandIsKept()
    {
        using var app = AppFactory.For("leerlijn");
        var client = await SignedInAsync(app, "leerling@leerplatform.test");
        var paths = app.Services.GetRequiredService<LearningPathService>();
        var path = paths.Find("test-pad")!;

        var tooLong = await client.PostAsJsonAsync("/api/leerlijnen/test-pad/opdrachten/eerste", new { tekst = new string('a', 10_001) });
        var learnerId = await app.UserIdAsync("leerling@leerplatform.test");
        var refused = await Assert.ThrowsAsync<AssignmentException>(() =>
            paths.SubmitAsync(learnerId, path, path.FindAssignment("eerste")!, new string('b', 10_001)));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("maximaal 10000 tekens", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal("TooLong", refused.Code);
        await AssertNothingStoredAsync(app);

        var exact = await client.PostAsJsonAsync("/api/leerlijnen/test-pad/opdrachten/eerste", new { tekst = new string('c', 10_000) });
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/leerlijnen/bestaat-niet")]
    [InlineData("GET", "/leerlijnen/test-pad/opdracht/bestaat-niet")]
    [InlineData("GET", "/leerlijnen/bestaat-niet/opdracht/eerste")]
    [InlineData("GET", "/api/leerlijnen/bestaat-niet")]
    [InlineData("POST", "/api/leerlijnen/test-pad/opdrachten/bestaat-niet")]
    [InlineData("POST", "/api/leerlijnen/bestaat-niet/opdrachten/eerste")]
    public async Task AnUnknownPathOrAssignmentIs404(string method, string url)
    {
        using var app = AppFactory.For("leerlijn");
        var client = await SignedInAsync(app, "leerling@leerplatform.test");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? JsonContent.Create(new { tekst = Answer }) : null });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertNothingStoredAsync(app);
    }

    [Fact]
    public async Task ALearnerSeesOnlyTheirOwnHandInsAndProgress()
    {
        using var app = AppFactory.For("leerlijn");
        var alice = await SignedInAsync(app, "leerling@leerplatform.test");
        var bob = await SignedInAsync(app, "leerling2@leerplatform.test");
        await CompleteFirstModuleAsync(app, await app.UserIdAsync("leerling@leerplatform.test"));
        (await alice.PostAsJsonAsync("/api/leerlijnen/test-pad/opdrachten/eerste", new { tekst = Answer })).EnsureSuccessStatusCode();

        var bobsPage = await bob.GetDocumentAsync("/leerlijnen/test-pad/opdracht/eerste");
        var bobsPath = await bob.GetDocumentAsync("/leerlijnen/test-pad");
        var bobsApi = await bob.GetFromJsonAsync<JsonElement>("/api/leerlijnen/test-pad");
        var bobsLatest = await bob.GetAsync("/api/leerlijnen/test-pad/opdrachten/eerste");
        var alicesLatest = await alice.GetFromJsonAsync<JsonElement>("/api/leerlijnen/test-pad/opdrachten/eerste");

        Assert.DoesNotContain("sleutelfiguren", bobsPage.Body!.TextContent);
        Assert.NotNull(bobsPage.QuerySelector("[data-testid=no-submission]"));
        Assert.Equal("0 van 4 stappen gezet", bobsPath.QuerySelector("[data-testid=path-progress] label")!.TextContent);
        Assert.Equal(0, bobsApi.GetProperty("gedaan").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, bobsLatest.StatusCode);
        Assert.Equal(Answer, alicesLatest.GetProperty("tekst").GetString());
    }

    private static async Task AssertNothingStoredAsync(AppFactory app)
    {
        await using var db = await app.DbAsync();
        Assert.Equal(0, await db.AssignmentSubmissions.CountAsync());
        Assert.Equal(0, await db.XapiStatements.CountAsync(s => s.VerbId == LearningStatements.Verbs.Answered));
    }
}
