using Leerplatform.BrowserTests.Support;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

[Collection(ServerCollection.Name)]
public sealed class LanguageAndAccessTests(ServerFixture server)
{
    [Fact]
    public async Task TheLanguageSwitchTurnsTheInterfaceEnglishAndBack()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        var href = await page.Locator(".module-card-title a").First.GetAttributeAsync("href");
        await page.GotoAsync(href!);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl-BE");
        await Assertions.Expect(page.Locator(".actions a.button")).ToHaveTextAsync("Start de module");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.EndsWith(href!, page.Url);
        await Assertions.Expect(page.Locator(".actions a.button")).ToHaveTextAsync("Start the module");
        await Assertions.Expect(page.Locator(".site-nav")).ToContainTextAsync("Modules");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Nederlands" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Assertions.Expect(page.Locator(".actions a.button")).ToHaveTextAsync("Start de module");
    }

    [Fact]
    public async Task TrainersSeeTheContentCheckPage()
    {
        var trainer = DemoUserSeeder.Users.Single(u => u.Role == "trainer");
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/inloggen?returnUrl=%2Fbeheer%2Finhoud");
        await page.Locator("#email").FillAsync(trainer.Email);
        await page.Locator("#password").FillAsync(trainer.Password);
        await page.Locator("button[type=submit]").ClickAsync();

        await page.ExpectPathAsync("/beheer/inhoud");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inhoudscontrole");
        await Assertions.Expect(page.Locator("#skipped-title + p")).ToHaveTextAsync("Alle modules zijn geladen.");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task AWrongPasswordShowsAClearMessageOnAnAccessibleForm()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/inloggen");
        await page.Locator("#email").FillAsync("niemand@example.org");
        await page.Locator("#password").FillAsync("verkeerd wachtwoord");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator(".notice-error")).ToContainTextAsync("E-mailadres of wachtwoord klopt niet.");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task AnAdminRecomputesAllLevelsFromTheEvidenceLog()
    {
        var admin = DemoUserSeeder.Users.Single(u => u.Role == "admin");
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/inloggen?returnUrl=%2Fbeheer%2Fcompetenties");
        await page.Locator("#email").FillAsync(admin.Email);
        await page.Locator("#password").FillAsync(admin.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/beheer/competenties");
        await page.WaitUntilSettledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Herbereken alle niveaus" }).ClickAsync();

        // Whatever other tests recorded, the incremental summaries must equal the full recomputation.
        await Assertions.Expect(page.Locator("p[role=status]")).ToContainTextAsync("herberekend; 0 gewijzigd");
        await page.AssertAccessibleAsync();
    }
}
