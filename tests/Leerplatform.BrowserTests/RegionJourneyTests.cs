using Leerplatform.BrowserTests.Support;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// A learner in Flanders and a learner in the Netherlands read the same module and play the same case (S2), and
/// each gets the version for their region: other services, other funding, other law.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RegionJourneyTests(ServerFixture server)
{
    private const string CasePath = "/modules/m3-verhaal-achter-de-klacht/casus-mevrouw-t";

    [Fact]
    public async Task AFlemishLearnerGetsTheFlemishPassagesAndVersionOfTheCase()
    {
        var page = await RegisterAsync("Lotte");

        // The region is a setting of its own, reachable from the account menu.
        await page.GetByRole(AriaRole.Link, new() { Name = "Instellingen" }).ClickAsync();
        await page.ExpectPathAsync("/instellingen");
        await page.WaitUntilSettledAsync();
        await page.GetByLabel("Vlaanderen (of Brussel)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Assertions.Expect(page.Locator(".region-chooser [role=status]")).ToContainTextAsync("Opgeslagen");
        await page.AssertAccessibleAsync();

        // A page with regional passages shows the Flemish one only.
        await page.GotoAsync("/modules/m5-werken-met-een-tolk/een-tolk-aanvragen");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".regio-vl").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".regio-nl")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".region-hint")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();

        // The case starts at once (the region is known) and its interpreter step is the Flemish one.
        await page.GotoAsync(CasePath);
        await page.WaitUntilSettledAsync();
        await ChooseAsync(page, "begin-1");
        await Assertions.Expect(page.Locator("#choice-tolk-vl-1 + label")).ToContainTextAsync("Agentschap Integratie en Inburgering");
        await Assertions.Expect(page.Locator(".scenario")).Not.ToContainTextAsync("COA");
        await page.AssertAccessibleAsync();
        foreach (var choice in new[] { "tolk-vl-1", "verkennen-1", "verhaal-1", "uitleg-1", "terugvragen-1" })
        {
            await ChooseAsync(page, choice);
        }

        await Assertions.Expect(page.Locator(".debrief")).ToContainTextAsync("AgII");
        await Assertions.Expect(page.Locator(".debrief")).Not.ToContainTextAsync("COA-zorgpas");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task ADutchLearnerIsAskedTheirRegionBeforeTheCaseAndGetsTheDutchVersion()
    {
        var page = await RegisterAsync("Sanne", "nl-NL");

        // Without a region, a page shows both passages, labelled, with a way to choose.
        await page.GotoAsync("/modules/m5-werken-met-een-tolk/een-tolk-aanvragen");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".regio-vl").First).ToContainTextAsync("In Vlaanderen");
        await Assertions.Expect(page.Locator(".regio-nl").First).ToContainTextAsync("In Nederland");
        await Assertions.Expect(page.Locator(".region-hint a")).ToHaveAttributeAsync("href", "/instellingen");
        await page.AssertAccessibleAsync();

        // The case asks first, because the advice depends on it.
        await page.GotoAsync(CasePath);
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".region-chooser legend")).ToHaveTextAsync("Waar werk je?");
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Nederland", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en casus starten" }).ClickAsync();

        await ChooseAsync(page, "begin-1");
        await Assertions.Expect(page.Locator("#choice-tolk-nl-1 + label")).ToContainTextAsync("COA-zorgpas");
        await Assertions.Expect(page.Locator(".scenario")).Not.ToContainTextAsync("Agentschap Integratie en Inburgering");
        foreach (var choice in new[] { "tolk-nl-1", "verkennen-1", "verhaal-1", "uitleg-1", "terugvragen-1" })
        {
            await ChooseAsync(page, choice);
        }

        await Assertions.Expect(page.Locator(".debrief")).ToContainTextAsync("COA-zorgpas");
        await Assertions.Expect(page.Locator(".debrief")).Not.ToContainTextAsync("AgII");
        await page.AssertAccessibleAsync();

        // The choice is kept: the module page now shows only the Dutch passage.
        await page.GotoAsync("/modules/m5-werken-met-een-tolk/een-tolk-aanvragen");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".regio-nl").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".regio-vl")).ToHaveCountAsync(0);
    }

    private async Task<IPage> RegisterAsync(string name, string locale = "nl-BE")
    {
        var page = await server.NewPageAsync(locale);
        await page.GotoAsync("/account/registreren");
        await page.Locator("#name").FillAsync(name);
        await page.Locator("#email").FillAsync($"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org");
        await page.Locator("#password").FillAsync("een lang wachtwoord hier");
        await page.Locator("#confirm").FillAsync("een lang wachtwoord hier");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/");
        return page;
    }

    private static async Task ChooseAsync(IPage page, string choiceId)
    {
        await page.Locator($"#choice-{choiceId}").CheckAsync();
        await page.Locator("#certainty-s2-mevrouw-t-2").CheckAsync();
        await page.Locator("#reason-s2-mevrouw-t").FillAsync("Dat raden de bronnen aan.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kies", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verder" }).ClickAsync();
    }
}
