using Leerplatform.BrowserTests.Support;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

[Collection(ServerCollection.Name)]
public sealed class CompetenceTests(ServerFixture server)
{
    [Fact]
    public async Task AfterACaseMyCompetencesShowsTheChangedLevelsAndTheDecisionsBehindThem()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/registreren");
        await page.Locator("#name").FillAsync("Ines");
        await page.Locator("#email").FillAsync($"ines-{Guid.NewGuid():N}@example.org");
        await page.Locator("#password").FillAsync("een lang wachtwoord hier");
        await page.Locator("#confirm").FillAsync("een lang wachtwoord hier");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/");

        // Before: no evidence at all.
        await page.GotoAsync("/mijn-competenties");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator("#competentie-C5")).ToContainTextAsync("Nog geen bewijs voor deze competentie.");

        // Play the real case S1 to an ending with good choices.
        await page.GotoAsync("/modules/m5-werken-met-een-tolk/casus-dhr-k");
        await page.WaitUntilSettledAsync();
        // The case differs per region; a learner without a region is asked first.
        await page.GetByLabel("Nederland", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en casus starten" }).ClickAsync();
        foreach (var choice in new[] { "begin-nl-1", "tolk-geregeld-nl-1", "wensen-1" })
        {
            await page.Locator($"#choice-{choice}").CheckAsync();
            await page.GetByLabel("3 · heel zeker").CheckAsync();
            await page.GetByLabel("Waarom kies je dit? (kort)").FillAsync("Dat is wat de richtlijn aanraadt.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Kies", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Verder" }).ClickAsync();
        }

        await Assertions.Expect(page.Locator(".debrief h3")).ToHaveTextAsync("Einde van de casus: goed");

        // After: the dashboard shows the moved competences, an SVG chart with a table equivalent, and the decisions.
        await page.GetByRole(AriaRole.Link, new() { Name = "Mijn competenties" }).ClickAsync();
        await page.ExpectPathAsync("/mijn-competenties");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".competence-chart svg[role=img] title")).ToHaveTextAsync("Niveau per competentie");
        var c5 = page.Locator(".competence-table tbody tr", new() { HasText = "C5" });
        await Assertions.Expect(c5.Locator("td").Nth(4)).ToHaveTextAsync("1");
        var c4 = page.Locator(".competence-table tbody tr", new() { HasText = "C4" });
        await Assertions.Expect(c4.Locator("td").Nth(4)).ToHaveTextAsync("1");
        var timeline = page.Locator("#competentie-C4 .timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Keuze in een casus");
        await Assertions.Expect(timeline).ToContainTextAsync("Je regelt een professionele tolk voor het gesprek, via telefoon of ter plaatse.");
        await Assertions.Expect(timeline.Locator("a")).ToHaveAttributeAsync("href", "/modules/m5-werken-met-een-tolk/casus-dhr-k");
        await Assertions.Expect(page.Locator(".next-step")).ToContainTextAsync("Ga naar de module");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Hoe wordt mijn niveau bepaald?" }).ClickAsync();
        await page.ExpectPathAsync("/help/competenties");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hoe Leerplatform je niveau bepaalt");
        await page.AssertAccessibleAsync();
    }
}
