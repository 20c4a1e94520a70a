using Leerplatform.BrowserTests.Support;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// The demo organisation's admin restyles the platform: picks the warm theme and an accent, saves, and the header
/// shows it; a too-light accent is refused with the measured ratio. Axe on every page visited.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ThemeTests(ServerFixture server)
{
    [Fact]
    public async Task AnOrganisationAdminPicksAThemeAndAccentAndATooLightAccentIsRefused()
    {
        var admin = DemoUserSeeder.Users.Single(u => u.Role == "admin");
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/inloggen?returnUrl=" + Uri.EscapeDataString("/organisaties"));
        await page.Locator("#email").FillAsync(admin.Email);
        await page.Locator("#password").FillAsync(admin.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/organisaties");
        await page.WaitUntilSettledAsync();
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = DemoUserSeeder.OrganisationName }).ClickAsync();
        await page.WaitUntilSettledAsync();
        await page.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Thema" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thema en logo");
        await page.AssertAccessibleAsync();

        try
        {
            await page.Locator("#theme-warm").CheckAsync();
            await page.Locator("#accent-text").FillAsync("#1d4e89");
            await Assertions.Expect(page.Locator("[data-testid=accent-check] p")).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Button, new() { Name = "Bewaren" }).ClickAsync();

            await Assertions.Expect(page.Locator(".site-header")).ToHaveCSSAsync("background-color", "rgb(29, 78, 137)");
            await Assertions.Expect(page.Locator("link[data-theme=warm]")).ToHaveCountAsync(1);
            await page.AssertAccessibleAsync();

            await page.Locator("#accent-text").FillAsync("#cccccc");
            await Assertions.Expect(page.Locator("[data-testid=accent-check]")).ToContainTextAsync("4,5:1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Bewaren" }).ClickAsync();
            var errors = page.Locator("[data-testid=theme-errors]");
            await Assertions.Expect(errors).ToContainTextAsync("te weinig contrast");
            await Assertions.Expect(errors).ToContainTextAsync("Nodig is minstens 4,5:1");
            await Assertions.Expect(errors).ToContainTextAsync("1,60:1");
            // Refused: the saved accent is still the one in the header.
            await Assertions.Expect(page.Locator(".site-header")).ToHaveCSSAsync("background-color", "rgb(29, 78, 137)");
            await page.AssertAccessibleAsync();
        }
        finally
        {
            // The server is shared with the other browser tests: leave the demo organisation as it was.
            await page.Locator("#theme-default").CheckAsync();
            await page.Locator("#accent-text").FillAsync(string.Empty);
            await page.GetByRole(AriaRole.Button, new() { Name = "Bewaren" }).ClickAsync();
            await Assertions.Expect(page.Locator("link[data-theme=warm]")).ToHaveCountAsync(0);
        }
    }
}
