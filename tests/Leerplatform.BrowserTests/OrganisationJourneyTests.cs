using Leerplatform.BrowserTests.Support;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// The organisation journey of issue 6 in real Chromium: an admin invites a trainer and a learner; the trainer
/// writes a case with a lint error, sees it flagged with its line, fixes it, previews and publishes it; the
/// learner plays it and writes a reflection. Axe runs on every page visited.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OrganisationJourneyTests(ServerFixture server)
{
    private const string Password = "een lang wachtwoord";

    internal const string CaseWithError = """
        ---
        titel: "Casus: mevrouw S. en de dochter"
        scenario:
          id: casus-mevrouw-s
          zekerheid: ja
        ---
        # Casus: mevrouw S. en de dochter

        Mevrouw S. komt met haar dochter van twaalf op consultatie.

        ::: knoop begin
        De dochter wil tolken. Mevrouw S. knikt.

        - [Je regelt een professionele tolk via de telefoon.](#goed) | C1 +2
          > Goed: een kind tolkt nooit, ook niet als de ouder het vraagt.
        - [Je laat de dochter tolken.](#bestaat-niet) | C1 -2
          > Een kind als tolk krijgt een rol die het niet kan dragen.
        :::

        ::: einde goed goed
        Je beschermde het kind en gaf mevrouw S. een eerlijk gesprek.
        :::

        ::: einde zwak zwak
        De dochter droeg het gesprek.
        :::
        """;

    internal const string ReflectionPage = """
        ---
        titel: Terugblik
        toets:
          id: terugblik-mevrouw-s
          titel: Terugblik
          feedback: direct
        ---
        # Terugblik

        ::: vraag terugblik reflectie zekerheid
        Wat doe je de volgende keer anders als een kind wil tolken?
        :::
        """;

    [Fact]
    public async Task AnAdminInvitesATrainerWhoWritesAndPublishesACaseThatAnInvitedLearnerPlays()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var trainerEmail = $"trainer-{stamp}@example.org";
        var learnerEmail = $"leerling-{stamp}@example.org";
        var moduleId = $"casus-mevrouw-s-{stamp}";

        // 1. The demo admin invites a trainer and a learner from the members page.
        var admin = DemoUserSeeder.Users.Single(u => u.Email == "beheerder@leerplatform.test");
        var adminPage = await server.NewPageAsync();
        await SignInAsync(adminPage, admin.Email, admin.Password, "/organisaties");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = DemoUserSeeder.OrganisationName }).ClickAsync();
        await adminPage.WaitUntilSettledAsync();
        var organisationPath = new Uri(adminPage.Url).AbsolutePath;
        await adminPage.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Leden" }).ClickAsync();
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("Leden en uitnodigingen");
        await adminPage.AssertAccessibleAsync();
        var trainerLink = await InviteAsync(adminPage, trainerEmail, "trainer");
        var learnerLink = await InviteAsync(adminPage, learnerEmail, "deelnemer");
        await Assertions.Expect(adminPage.Locator("[data-testid=pending-invitation]")).ToHaveCountAsync(2);
        await adminPage.AssertAccessibleAsync();

        // 2. The trainer accepts with a new account and writes a case with a mistake in the workspace.
        var trainerPage = await server.NewPageAsync();
        await AcceptWithNewAccountAsync(trainerPage, trainerLink, "Nieuwe trainer", trainerEmail, organisationPath);
        await trainerPage.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Werkplaats" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("h1")).ToHaveTextAsync("Werkplaats");
        await trainerPage.AssertAccessibleAsync();
        // The id is suggested from the title; this trainer picks their own first.
        await trainerPage.GetByLabel("Id", new() { Exact = true }).FillAsync(moduleId);
        await trainerPage.GetByLabel("Titel").FillAsync("Casus: mevrouw S.");
        await trainerPage.GetByRole(AriaRole.Button, new() { Name = "Module aanmaken" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("#editor")).ToBeVisibleAsync();
        await Assertions.Expect(trainerPage.Locator("[data-testid=no-problems]")).ToBeVisibleAsync();
        await trainerPage.AssertAccessibleAsync();

        await trainerPage.GetByLabel("Nieuwe pagina").FillAsync("casus");
        await trainerPage.GetByRole(AriaRole.Button, new() { Name = "Pagina toevoegen" }).ClickAsync();
        await Assertions.Expect(trainerPage.GetByLabel("Tekst van 02-casus.md")).ToBeVisibleAsync();
        await trainerPage.Locator("#editor").FillAsync(CaseWithError);
        var error = trainerPage.Locator("[data-testid=diagnostic]").Filter(new() { HasText = "bestaat-niet" });
        await Assertions.Expect(error).ToContainTextAsync("02-casus.md, regel 16, kolom 1");
        await Assertions.Expect(trainerPage.GetByRole(AriaRole.Button, new() { Name = "Nieuwe versie publiceren" })).ToBeDisabledAsync();
        await trainerPage.AssertAccessibleAsync();

        // The message leads to the line: the caret lands on the faulty choice.
        await error.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("#editor")).ToBeFocusedAsync();
        var caretLine = await trainerPage.Locator("#editor").EvaluateAsync<int>("e => e.value.slice(0, e.selectionStart).split('\\n').length");
        Assert.Equal(16, caretLine);

        // Fixed: the preview shows the case as a graph of nodes and choices.
        await trainerPage.Locator("#editor").FillAsync(CaseWithError.Replace("(#bestaat-niet)", "(#zwak)", StringComparison.Ordinal));
        await Assertions.Expect(trainerPage.Locator("[data-testid=no-problems]")).ToBeVisibleAsync();
        await Assertions.Expect(trainerPage.Locator("[data-testid=scenario-graph] svg .graph-node")).ToHaveCountAsync(3);
        await Assertions.Expect(trainerPage.Locator("[data-testid=preview]")).ToContainTextAsync("Mevrouw S. komt met haar dochter");

        await trainerPage.GetByLabel("Nieuwe pagina").FillAsync("terugblik");
        await trainerPage.GetByRole(AriaRole.Button, new() { Name = "Pagina toevoegen" }).ClickAsync();
        await Assertions.Expect(trainerPage.GetByLabel("Tekst van 03-terugblik.md")).ToBeVisibleAsync();
        await trainerPage.Locator("#editor").FillAsync(ReflectionPage);
        await Assertions.Expect(trainerPage.Locator("[data-testid=preview]")).ToContainTextAsync("Toets met 1 vragen");
        await Assertions.Expect(trainerPage.Locator("[data-testid=no-problems]")).ToBeVisibleAsync();
        await trainerPage.GetByRole(AriaRole.Button, new() { Name = "Concept bewaren" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("[data-testid=editor-status]")).ToContainTextAsync("Alles bewaard");
        await trainerPage.GetByLabel("Wat is er veranderd? (optioneel)").FillAsync("Eerste versie");
        await trainerPage.GetByRole(AriaRole.Button, new() { Name = "Nieuwe versie publiceren" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("[data-testid=version-row]")).ToHaveCountAsync(1);
        await trainerPage.AssertAccessibleAsync();

        // 3. The learner accepts, finds the module in the catalog, plays the case and writes a reflection.
        var learnerPage = await server.NewPageAsync();
        await AcceptWithNewAccountAsync(learnerPage, learnerLink, "Nieuwe leerling", learnerEmail, organisationPath);
        await learnerPage.GotoAsync("/");
        await learnerPage.WaitUntilSettledAsync();
        await learnerPage.Locator($"a[href='/modules/{moduleId}']").First.ClickAsync();
        await learnerPage.WaitUntilSettledAsync();
        await Assertions.Expect(learnerPage.Locator("h1")).ToHaveTextAsync("Casus: mevrouw S.");
        await learnerPage.AssertAccessibleAsync();
        await learnerPage.GotoAsync($"/modules/{moduleId}/casus");
        await learnerPage.WaitForPageRecordedAsync();
        await learnerPage.Locator("#choice-begin-1").CheckAsync();
        await learnerPage.Locator("#certainty-casus-mevrouw-s-2").CheckAsync();
        await learnerPage.Locator("#reason-casus-mevrouw-s").FillAsync("Een kind mag nooit tolken, ook niet als de moeder het vraagt.");
        await learnerPage.GetByRole(AriaRole.Button, new() { Name = "Kies", Exact = true }).ClickAsync();
        await Assertions.Expect(learnerPage.Locator(".choice-feedback")).ToBeVisibleAsync();
        await learnerPage.GetByRole(AriaRole.Button, new() { Name = "Verder", Exact = true }).ClickAsync();
        await Assertions.Expect(learnerPage.Locator(".debrief h3")).ToHaveTextAsync("Einde van de casus: goed");
        await learnerPage.AssertAccessibleAsync();

        await learnerPage.GotoAsync($"/modules/{moduleId}/terugblik");
        await learnerPage.WaitForPageRecordedAsync();
        var reflection = learnerPage.Locator(".question").First;
        await reflection.GetByLabel("Jouw reflectie").FillAsync("Ik bel meteen een tolk en leg het kind uit waarom het niet hoeft te tolken.");
        await reflection.GetByLabel("3 · heel zeker").CheckAsync();
        await reflection.GetByRole(AriaRole.Button, new() { Name = "Bewaar" }).ClickAsync();
        await Assertions.Expect(reflection.Locator(".question-feedback")).ToContainTextAsync("zekerheid 3");
        await learnerPage.AssertAccessibleAsync();

        // 4. The trainer reviews the reflection in the organisation's queue and rates a competence.
        const string comment = "Sterk: je beschermt het kind en legt uit waarom. Oefen de uitleg ook met de tolk.";
        await trainerPage.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Beoordelen" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("h1")).ToHaveTextAsync("Beoordelen");
        var item = trainerPage.Locator("[data-testid=review-item]").Filter(new() { HasText = "Ik bel meteen een tolk" });
        await Assertions.Expect(item).ToContainTextAsync("zekerheid 3 van 3");
        await trainerPage.AssertAccessibleAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Beoordeel het antwoord van Nieuwe leerling" }).ClickAsync();
        await item.GetByLabel("Jouw feedback voor de leerling").FillAsync(comment);
        await item.GetByLabel("Competentie beoordelen (niet verplicht)").SelectOptionAsync("C1");
        await item.GetByLabel("Niveau").SelectOptionAsync("vaardig");
        await item.GetByRole(AriaRole.Button, new() { Name = "Bewaar feedback" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator(".status-line")).ToHaveTextAsync("Je feedback voor Nieuwe leerling is bewaard.");
        await trainerPage.AssertAccessibleAsync();

        // 5. The learner reads the comment and sees the trainer's rating in their competences.
        await learnerPage.GotoAsync("/mijn-feedback");
        await learnerPage.WaitUntilSettledAsync();
        await Assertions.Expect(learnerPage.Locator("[data-testid=feedback-comment]").First).ToHaveTextAsync(comment);
        await learnerPage.AssertAccessibleAsync();
        await learnerPage.GotoAsync("/mijn-competenties");
        await learnerPage.WaitUntilSettledAsync();
        var c1 = learnerPage.Locator(".competence-table tbody tr").Filter(new() { HasText = "C1 ·" });
        await Assertions.Expect(c1.Locator("td").Nth(3)).ToHaveTextAsync("Vaardig");
        await Assertions.Expect(learnerPage.Locator("main")).ToContainTextAsync(comment);
        await learnerPage.AssertAccessibleAsync();

        // 6. The admin sees the cohort report for the new module and downloads it as CSV.
        await adminPage.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Rapporten" }).ClickAsync();
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("Rapporten");
        await adminPage.Locator("#report-module").SelectOptionAsync(moduleId);
        var row = adminPage.Locator("[data-testid=report-progress-row]").Filter(new() { HasText = "Nieuwe leerling" });
        await Assertions.Expect(row).ToContainTextAsync("Bezig");
        var decision = adminPage.Locator("[data-testid=report-decision-row]").Filter(new() { HasText = "Je regelt een professionele tolk via de telefoon." });
        await Assertions.Expect(decision).ToContainTextAsync("100%");
        await adminPage.AssertAccessibleAsync();
        var download = await adminPage.RunAndWaitForDownloadAsync(() => adminPage.GetByRole(AriaRole.Link, new() { Name = "Voortgang downloaden (CSV)", Exact = true }).ClickAsync());
        Assert.Null(await download.FailureAsync());
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        var line = csv.Split("\r\n").Single(l => l.StartsWith("Nieuwe leerling,", StringComparison.Ordinal));
        Assert.Contains(learnerEmail, line);
        Assert.Contains(moduleId, line);
    }

    private static async Task<string> InviteAsync(IPage page, string email, string roleLabel)
    {
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.Locator("#invite-role").SelectOptionAsync(new SelectOptionValue { Label = roleLabel });
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitnodigen" }).ClickAsync();
        var link = page.Locator("[data-testid=invite-link]");
        await Assertions.Expect(link).ToContainTextAsync("/uitnodiging/");
        await Assertions.Expect(page.Locator("#invite-result")).ToContainTextAsync(email);
        return await link.InnerTextAsync();
    }

    private static async Task AcceptWithNewAccountAsync(IPage page, string link, string name, string email, string organisationPath)
    {
        await page.GotoAsync(link);
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(DemoUserSeeder.OrganisationName);
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Account maken" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("E-mailadres")).ToHaveValueAsync(email);
        await page.GetByLabel("Naam").FillAsync(name);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Herhaal het wachtwoord").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging aanvaarden" }).ClickAsync();
        await page.ExpectPathAsync(organisationPath);
        await page.WaitUntilSettledAsync();
        await page.AssertAccessibleAsync();
    }

    private static async Task SignInAsync(IPage page, string email, string password, string returnUrl)
    {
        await page.GotoAsync("/account/inloggen?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync(returnUrl);
        await page.WaitUntilSettledAsync();
        await page.AssertAccessibleAsync();
    }
}
