using Leerplatform.BrowserTests.Support;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>The demo trainer opens the organisation's reports, switches module; the tables show and pass axe.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReportsTests(ServerFixture server)
{
    [Fact]
    public async Task TheDemoTrainerOpensTheReportsAndSwitchesModule()
    {
        var trainer = DemoUserSeeder.Users.Single(u => u.Email == "trainer@leerplatform.test");
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/inloggen?returnUrl=" + Uri.EscapeDataString("/organisaties"));
        await page.Locator("#email").FillAsync(trainer.Email);
        await page.Locator("#password").FillAsync(trainer.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/organisaties");
        await page.WaitUntilSettledAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = DemoUserSeeder.OrganisationName }).ClickAsync();
        await page.WaitUntilSettledAsync();
        await page.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Rapporten" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Rapporten");
        await Assertions.Expect(page.Locator("[data-testid=report-progress]")).ToBeVisibleAsync();
        await page.WaitUntilSettledAsync();
        await page.AssertAccessibleAsync();

        var select = page.Locator("[data-testid=report-module]");
        var second = await select.Locator("option").Nth(1).GetAttributeAsync("value");
        var title = await select.Locator("option").Nth(1).TextContentAsync();
        await select.SelectOptionAsync(second!);
        await Assertions.Expect(page.Locator("[data-testid=report-progress-summary] tbody th").First).ToHaveTextAsync(title!.Trim());
        await Assertions.Expect(page.Locator("[data-testid=report-progress-row]").First).ToContainTextAsync(title.Trim());
        foreach (var table in new[] { "report-progress", "report-competences", "report-items", "report-decisions" })
        {
            await Assertions.Expect(page.Locator($"[data-testid={table}] caption")).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("[data-testid=report-competence-row]").First).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
    }
}
