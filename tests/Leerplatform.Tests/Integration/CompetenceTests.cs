using System.Net;
using System.Net.Http.Json;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Competency;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

public sealed class CompetenceTests
{
    [Fact]
    public async Task EveryDecisionAndMarkedAnswerWritesEvidenceInTheSameTransaction()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("bewijs@example.org");
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var service = app.Services.GetRequiredService<AssessmentService>();

        var run = await service.GetOrStartScenarioAsync(userId, module, module.FindPage("casus")!);
        await service.ChooseAsync(userId, module, module.FindPage("casus")!, run.RunId, "begin-2", 2, "Sneller.");
        var check = module.FindPage("kennischeck")!;
        var quiz = await service.GetOrStartQuizAsync(userId, module, check);
        await service.AnswerAsync(userId, module, check, quiz.AttemptId, "knik", new ItemResponse(["b"]));
        var practice = module.FindPage("oefenen")!;
        var exercise = await service.GetOrStartQuizAsync(userId, module, practice);
        await service.AnswerAsync(userId, module, practice, exercise.AttemptId, "zelfvertrouwen", new ItemResponse(["5"]));
        await service.AnswerAsync(userId, module, practice, exercise.AttemptId, "wie-wat", new ItemResponse(["a:b", "b:a"]));

        await using var db = await app.DbAsync();
        var evidence = await db.CompetenceEvidence.Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync();
        var decisionLog = await db.LearnerResponses.SingleAsync(r => r.UserId == userId && r.Kind == "decision");

        // The decision moved C4 (−2) and C5 (+1): two records, both pointing at the logged decision.
        Assert.Equal([("decision", "C4", -2), ("decision", "C5", 1)], evidence.Take(2).Select(e => (e.Kind, e.Competence, e.Score)));
        Assert.All(evidence.Take(2), e => Assert.Equal(decisionLog.Id, e.ResponseId));
        Assert.All(evidence.Take(2), e => Assert.Equal("begin-2", e.ChoiceId));
        // The right answer in immediate mode counts +1 for each competence of the question (the module's C4, C5).
        Assert.Equal([("knowledge", "C4", 1), ("knowledge", "C5", 1)], evidence.Skip(2).Take(2).Select(e => (e.Kind, e.Competence, e.Score)));
        // The self-rating is separate evidence with a level; a wrong first try in interactive mode is not final yet.
        var self = evidence[4];
        Assert.Equal(("self", "C4", (int?)ProficiencyLevel.Voortrekker), (self.Kind, self.Competence, self.Level));
        Assert.Equal(5, evidence.Count);
        Assert.Equal(2, await db.CompetenceSummaries.CountAsync(s => s.UserId == userId));
    }

    [Fact]
    public async Task DeferredAnswersBecomeEvidenceWhenHandedIn()
    {
        using var app = AppFactory.For("assessment-valid");
        var userId = await app.CreateUserAsync("achteraf@example.org");
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var page = module.FindPage("toets")!;
        var service = app.Services.GetRequiredService<AssessmentService>();
        var attempt = await service.GetOrStartQuizAsync(userId, module, page);
        var question = attempt.State.QuestionOrder.Select(id => page.Quiz!.FindQuestion(id)!).First(q => q.Type == QuestionType.SingleChoice || q.Type == QuestionType.TrueFalse);
        await service.AnswerAsync(userId, module, page, attempt.AttemptId, question.Id, new ItemResponse([question.Options.First(o => !o.Correct).Id], Certainty: 1));

        await using (var db = await app.DbAsync())
        {
            Assert.Equal(0, await db.CompetenceEvidence.CountAsync(e => e.UserId == userId));
        }

        await service.SubmitAsync(userId, module, page, attempt.AttemptId);

        await using (var db = await app.DbAsync())
        {
            var evidence = await db.CompetenceEvidence.Where(e => e.UserId == userId).ToListAsync();
            Assert.Equal(question.Competences.Count, evidence.Count);
            Assert.All(evidence, e => Assert.Equal((-1, question.Id), (e.Score, e.ItemId)));
        }
    }

    [Fact]
    public async Task IncrementalSummariesEqualAFullRecomputationOverGeneratedEvidence()
    {
        using var app = AppFactory.For("assessment-valid");
        var users = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await app.CreateUserAsync($"gen{i}@example.org"));
        }

        var random = new SeededRandom(7);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var batch = 0; batch < 60; batch++)
        {
            await using var db = await app.DbAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var evidence = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => RandomEvidence(random, users, start.AddDays(batch * 10))).ToList();
            await CompetenceService.RecordAsync(db, evidence, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Dictionary<(string, string), string> incremental;
        await using (var db = await app.DbAsync())
        {
            incremental = await db.CompetenceSummaries.ToDictionaryAsync(s => (s.UserId, s.Competence), s => s.StateJson);
        }

        var result = await app.Services.GetRequiredService<CompetenceService>().RecomputeAllAsync();

        await using (var db = await app.DbAsync())
        {
            var full = await db.CompetenceSummaries.ToDictionaryAsync(s => (s.UserId, s.Competence), s => s.StateJson);
            Assert.Equal(incremental.OrderBy(k => k.Key), full.OrderBy(k => k.Key));
        }

        Assert.Equal(0, result.Changed);
        Assert.Equal(incremental.Count, result.Summaries);
        Assert.True(result.Evidence > 100);
    }

    [Fact]
    public async Task ALearnerSeesOnlyTheirOwnEvidence()
    {
        using var app = AppFactory.For("assessment-valid");
        var alice = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await alice.RegisterAsync("Alice", "alice.c@example.org", "alice heeft een wachtwoord");
        var bob = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await bob.RegisterAsync("Bob", "bob.c@example.org", "bob heeft er ook een");
        var aliceId = await IdOfAsync(app, "alice.c@example.org");
        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var service = app.Services.GetRequiredService<AssessmentService>();
        var run = await service.GetOrStartScenarioAsync(aliceId, module, module.FindPage("casus")!);
        await service.ChooseAsync(aliceId, module, module.FindPage("casus")!, run.RunId, "begin-1", 3, "Norm.");

        var mine = await alice.GetFromJsonAsync<List<CompetenceDto>>("/api/competenties");
        var theirs = await bob.GetFromJsonAsync<List<CompetenceDto>>($"/api/competenties?userId={aliceId}");
        var page = await bob.GetStringAsync("/mijn-competenties");

        Assert.Equal(1, mine!.Single(c => c.Code == "C4").Bewijs);
        Assert.All(theirs!, c => Assert.Equal(0, c.Bewijs));
        Assert.DoesNotContain("Je regelt een professionele tolk", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/competenties")).StatusCode);
    }

    [Fact]
    public async Task OnlyTrainersOfTheLearnersOrganisationMayRateAndARatingNeedsAValidLevelAndAReason()
    {
        using var app = AppFactory.For("assessment-valid");
        var learner = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await learner.RegisterAsync("Lerende", "lerende@example.org", "een lang wachtwoord");
        await app.CreateUserAsync("buitenstaander@example.org");
        var organisation = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var other = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        await app.AddMemberAsync(organisation, await app.UserIdAsync("lerende@example.org"), OrganisationRoles.Learner);
        var url = $"/api/org/{organisation}/competenties/beoordelingen";
        var trainer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var demoTrainer = DemoUserSeeder.Users.Single(u => u.Role == PlatformRoles.Trainer);
        await trainer.SignInAsync(demoTrainer.Email, demoTrainer.Password);
        var rating = new { leerling = "lerende@example.org", competentie = "C4", niveau = "vaardig", reden = "Voerde een goed tolkgesprek tijdens de stage." };

        var anonymous = await app.CreateClient().PostAsJsonAsync(url, rating);
        var byLearner = await learner.PostAsJsonAsync(url, rating);
        var inOtherOrganisation = await trainer.PostAsJsonAsync($"/api/org/{other}/competenties/beoordelingen", rating);
        var invalid = await trainer.PostAsJsonAsync(url, new { leerling = "lerende@example.org", competentie = "C9", niveau = "expert", reden = "" });
        var unknown = await trainer.PostAsJsonAsync(url, rating with { leerling = "niemand@example.org" });
        var outsider = await trainer.PostAsJsonAsync(url, rating with { leerling = "buitenstaander@example.org" });
        var first = await trainer.PostAsJsonAsync(url, rating);
        var second = await trainer.PostAsJsonAsync(url, rating with { niveau = "voortrekker" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, inOtherOrganisation.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("competentie", problem);
        Assert.Contains("niveau", problem);
        Assert.Contains("reden", problem);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var standing = (await learner.GetFromJsonAsync<List<CompetenceDto>>("/api/competenties"))!.Single(c => c.Code == "C4");
        Assert.Equal(ProficiencyLevel.Voortrekker, standing.Niveau);
        await using var db = await app.DbAsync();
        var ratings = await db.CompetenceEvidence.Where(e => e.Kind == "trainer").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, ratings.Count);
        Assert.Equal(ratings[0].Id, ratings[1].SupersedesId);
    }

    [Fact]
    public async Task TheRecomputeCommandRebuildsLevelsFromTheLog()
    {
        using var temp = new TempDirectory();
        var database = temp.Combine("cli.db");
        using (var app = AppFactory.For("assessment-valid", databasePath: database))
        {
            var userId = await app.CreateUserAsync("cli@example.org");
            var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
            var service = app.Services.GetRequiredService<AssessmentService>();
            var run = await service.GetOrStartScenarioAsync(userId, module, module.FindPage("casus")!);
            await service.ChooseAsync(userId, module, module.FindPage("casus")!, run.RunId, "begin-1", 3, "Norm.");
        }

        var output = new StringWriter();
        var exit = await RecomputeCommand.RunAsync(
            ["--applicationName", "Leerplatform.Web", "--Leerplatform:ConnectionString", $"Data Source={database}", "--Leerplatform:ContentPath", Path.Combine(TestPaths.ContentFixtures, "assessment-valid"),
             "--Leerplatform:ThemesPath", TestPaths.Themes, "--Leerplatform:DataPath", temp.Combine("data"), "--Logging:LogLevel:Default", "Warning"], output);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(0, exit);
        Assert.Contains("1 leerlingen, 1 competentieoverzichten uit 1 bewijsstukken herberekend", output.ToString());
        Assert.Contains("0 gewijzigd", output.ToString());
    }

    [Fact]
    public async Task TheHelpPageExplainsTheRuleWithTheWorkedExamplesInBothLanguages()
    {
        using var app = AppFactory.For("assessment-valid");
        var client = app.CreateClient();

        var dutch = await client.GetStringAsync("/help/competenties");
        await client.GetAsync("/cultuur/en?terug=%2F");
        var english = await client.GetStringAsync("/help/competenties");

        // The same examples as ProficiencyRuleTests.ExampleA … ExampleH.
        foreach (var example in new[] { "A. Nog geen bewijs.", "B. Kennis.", "C. Toegepast.", "D. Tegenstrijdig.", "E. Alleen een zelfinschatting.", "F. Oud bewijs.", "G. Een trainer beoordeelt je.", "H. Je groeit." })
        {
            Assert.Contains(example, dutch);
        }

        Assert.Contains("A. No evidence yet", english);
        Assert.Contains("Only your <strong>last 12</strong> pieces of evidence", english);
    }

    private sealed record CompetenceDto(string Code, ProficiencyLevel Niveau, int Bewijs);

    private static CompetenceEvidence RandomEvidence(SeededRandom random, List<string> users, DateTime at)
    {
        var kind = random.Next(4);
        return new CompetenceEvidence
        {
            UserId = users[random.Next(users.Count)],
            Competence = $"C{1 + random.Next(5)}",
            Kind = kind switch { 0 => "knowledge", 1 => "decision", 2 => "self", _ => "trainer" },
            Score = kind < 2 ? random.Next(5) - 2 : 0,
            Level = kind < 2 ? null : random.Next(4),
            ModuleId = "toets-module",
            ActivityId = $"activiteit-{random.Next(4)}",
            PageId = "casus",
            ItemId = "begin",
            AtUtc = at.AddMinutes(random.Next(1000)),
        };
    }


    private static async Task<string> IdOfAsync(AppFactory app, string email)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
    }

}
