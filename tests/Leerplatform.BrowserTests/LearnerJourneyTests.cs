using System.Text.RegularExpressions;
using Leerplatform.BrowserTests.Support;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// The learner journey of the foundation: register, pick a module, read it page by page, see it under
/// "Mijn leren", leave, come back and resume; all of it with the keyboard only.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LearnerJourneyTests(ServerFixture server)
{
    [Fact]
    public async Task ANewLearnerRegistersReadsAModuleToTheEndAndResumesAnother_KeyboardOnly()
    {
        var page = await server.NewPageAsync();
        var email = $"journey-{Guid.NewGuid():N}@example.org";

        // Catalogue → register.
        await page.GotoAsync("/");
        await page.AssertAccessibleAsync();
        await page.TabToAsync("a[href='/account/registreren']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync("/account/registreren");
        await page.AssertAccessibleAsync();

        await page.TabToAsync("#name");
        await page.Keyboard.TypeAsync("Fatma Yilmaz");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("een lange zin om te onthouden");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("een lange zin om te onthouden");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync("/");
        await Assertions.Expect(page.Locator(".account-name")).ToHaveTextAsync("Fatma Yilmaz");

        // First module: overview → start → read every page with "Volgende".
        var firstCard = page.Locator(".module-card-title a").First;
        var firstHref = await firstCard.GetAttributeAsync("href");
        await page.TabToAsync($".module-card-title a[href='{firstHref}']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync(firstHref!);
        await page.TabToAsync(".actions a.button");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(firstHref!) + "/[a-z0-9-]+$"));
        await page.WaitForPageRecordedAsync();
        await page.AssertAccessibleAsync();

        var pagesRead = 1;
        while (await page.Locator(".pager a[rel=next]").CountAsync() > 0)
        {
            await GoToNextPageAsync(page);
            pagesRead++;
        }

        Assert.True(pagesRead >= 4, $"expected a module of at least 4 pages, read {pagesRead}");
        await page.TabToAsync(".pager a[href='/mijn-leren']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync("/mijn-leren");
        // Every page is read; the closing quiz is still to do, so the module is listed as in progress with that remark.
        var first = page.Locator($".learning-item:has(h3 a[href='{firstHref}'])");
        await Assertions.Expect(first).ToContainTextAsync($"{pagesRead} van {pagesRead} pagina's gelezen");
        await Assertions.Expect(first).ToContainTextAsync("Nog te doen: 1 toets");
        await page.AssertAccessibleAsync();

        // Second module: read up to the third page, then leave.
        await page.GotoAsync("/");
        var secondHref = await page.Locator(".module-card-title a").Nth(1).GetAttributeAsync("href");
        await page.TabToAsync($".module-card-title a[href='{secondHref}']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync(secondHref!);
        await page.TabToAsync(".actions a.button");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(secondHref!) + "/[a-z0-9-]+$"));
        await page.WaitForPageRecordedAsync();
        await GoToNextPageAsync(page);
        await GoToNextPageAsync(page);

        var thirdUrl = page.Url;
        var thirdTitle = await page.Locator("h1").TextContentAsync();
        await page.ReloadAsync();
        Assert.Equal(thirdUrl, page.Url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(thirdTitle!);
        await Assertions.Expect(page.Locator("progress#reader-progress-bar")).ToHaveAttributeAsync("value", "3");
        await page.Context.CloseAsync();

        // Come back another day, in a fresh browser: sign in and resume where you left off.
        var later = await server.NewPageAsync();
        await later.GotoAsync("/account/inloggen");
        await later.AssertAccessibleAsync();
        await later.TabToAsync("#email");
        await later.Keyboard.TypeAsync(email);
        await later.Keyboard.PressAsync("Tab");
        await later.Keyboard.TypeAsync("een lange zin om te onthouden");
        await later.Keyboard.PressAsync("Enter");
        await later.ExpectPathAsync("/");
        await later.TabToAsync("a[href='/mijn-leren']");
        await later.Keyboard.PressAsync("Enter");
        await later.ExpectPathAsync("/mijn-leren");
        var busy = later.Locator($".learning-item:has(h3 a[href='{secondHref}'])");
        await Assertions.Expect(busy.Locator("a.button")).ToContainTextAsync(thirdTitle!);
        await later.TabToAsync($".learning-item:has(h3 a[href='{secondHref}']) a.button");
        await later.Keyboard.PressAsync("Enter");
        await Assertions.Expect(later).ToHaveURLAsync(thirdUrl);
        await Assertions.Expect(later.Locator("h1")).ToHaveTextAsync(thirdTitle!);
    }

    /// <summary>Follows "Volgende" with the keyboard and waits until the next page is shown and recorded.</summary>
    private static async Task GoToNextPageAsync(IPage page)
    {
        var nextTitle = await page.Locator(".pager a[rel=next] .pager-title").TextContentAsync();
        await page.TabToAsync(".pager a[rel=next]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(nextTitle!);
        await page.WaitForPageRecordedAsync();
        // Focus moves to the new page's title, so screen-reader users hear where they are.
        await Assertions.Expect(page.Locator("h1#page-title")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task TheCatalogFiltersByCompetenceWithoutReloadingThePage()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        var all = await page.Locator(".module-card").CountAsync();

        await page.Locator("#filter-audience").SelectOptionAsync("leidinggevende");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("doelgroep=leidinggevende"));
        // The list re-renders after the URL changes: wait for it to narrow, then check the count it announces.
        await Assertions.Expect(page.Locator(".module-card")).Not.ToHaveCountAsync(all);
        var managers = await page.Locator(".module-card").CountAsync();
        await Assertions.Expect(page.Locator(".result-count")).ToHaveTextAsync($"{managers} modules gevonden");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task TheCatalogFilterAlsoWorksAsAPlainFormBeforeTheCircuitStarts()
    {
        var page = await server.NewPageAsync();
        await page.Context.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
        await page.GotoAsync("/");

        await page.Locator("#filter-audience").SelectOptionAsync("leidinggevende");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter toepassen" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("doelgroep=leidinggevende"));
        await Assertions.Expect(page.Locator("#filter-audience")).ToHaveValueAsync("leidinggevende");
    }
}
