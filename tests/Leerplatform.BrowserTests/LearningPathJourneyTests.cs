using Leerplatform.BrowserTests.Support;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// Issue 7, item 3 in real Chromium: a manager follows the managers' learning path (M2 → quick scan → M9 → …),
/// completes step 1, hands in the quick-scan assignment with the keyboard and sees the progress go from 0 to 2
/// steps and the next step move to M9. Every page visited is checked with axe.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LearningPathJourneyTests(ServerFixture server)
{
    private const string PathUrl = "/leerlijnen/leidinggevenden";
    private const string QuickScanUrl = "/leerlijnen/leidinggevenden/opdracht/quick-scan";

    [Fact]
    public async Task AManagerFollowsTheLearningPathAndSeesItsProgress_KeyboardOnly()
    {
        // A fresh manager, so records of other tests (the demo accounts) play no part.
        var page = await server.NewPageAsync();
        var email = $"leidinggevende-{Guid.NewGuid():N}@example.org";
        await page.GotoAsync("/account/registreren");
        await page.Locator("#name").FillAsync("Karim Bouzid");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync("een lange zin om te onthouden");
        await page.Locator("#confirm").FillAsync("een lange zin om te onthouden");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/");

        // Main navigation → Leerlijnen → the managers' path.
        await page.TabToAsync(".site-nav a[href='/leerlijnen']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync("/leerlijnen");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Leerlijnen");
        var card = page.Locator("[data-testid=path-card]").Filter(new() { HasText = "Leerlijn voor leidinggevenden" });
        await Assertions.Expect(card).ToContainTextAsync("0 van 8 stappen gezet");
        await page.AssertAccessibleAsync();
        await page.TabToAsync($"[data-testid=path-card] a[href='{PathUrl}']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync(PathUrl);
        await Assertions.Expect(page.Locator("[data-testid=path-progress] label")).ToHaveTextAsync("0 van 8 stappen gezet");
        await Assertions.Expect(page.Locator("[data-testid=next-step]")).ToHaveAttributeAsync("href", "/modules/m2-drempels");
        await Assertions.Expect(page.Locator("[data-testid=next-step]")).ToContainTextAsync("Volgende stap: Stap 1 · ");
        var steps = page.Locator("ol[data-testid=path-steps] > li[data-testid=path-step]");
        await Assertions.Expect(steps).ToHaveCountAsync(8);
        await Assertions.Expect(steps.Nth(0)).ToHaveAttributeAsync("aria-current", "step");
        await Assertions.Expect(steps.Nth(0).Locator("[data-testid=step-status]")).ToHaveTextAsync("○ Nog niet begonnen");
        await Assertions.Expect(steps.Nth(1)).ToContainTextAsync("Stap 2 · Opdracht");
        await Assertions.Expect(steps.Nth(1)).ToContainTextAsync("Opdracht: een quick scan in je eigen organisatie");
        await page.AssertAccessibleAsync();

        // Step 1 is module M2. Passing the real module (its quiz included) is not what this test is about, so its
        // completion is seeded in the database, as the reader would record it: completed and passed, which
        // satisfies any mastery rule the module has.
        await CompleteModuleAsync(email, "m2-drempels");
        await page.ReloadAsync();
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator("[data-testid=path-progress] label")).ToHaveTextAsync("1 van 8 stappen gezet");
        await Assertions.Expect(steps.Nth(0).Locator("[data-testid=step-status]")).ToHaveTextAsync("✓ Klaar");
        await Assertions.Expect(page.Locator("[data-testid=next-step]")).ToHaveAttributeAsync("href", QuickScanUrl);
        await page.AssertAccessibleAsync();

        // Step 2: the quick-scan assignment, handed in with the keyboard. An empty hand-in is refused first.
        await page.TabToAsync("[data-testid=next-step]");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync(QuickScanUrl);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Opdracht: een quick scan in je eigen organisatie");
        await Assertions.Expect(page.Locator("[data-testid=no-submission]")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.TabToAsync(".assignment-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=assignment-error]")).ToHaveTextAsync("Schrijf eerst je antwoord in het tekstvak.");
        await Assertions.Expect(page.Locator("#assignment-text")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync();

        const string answer = "1. Onze intake is alleen in het Nederlands. 2. We hebben geen tolkbudget. 3. We kennen geen sleutelfiguren in de wijk.";
        await page.TabToAsync("#assignment-text");
        await page.Keyboard.TypeAsync(answer);
        await page.TabToAsync(".assignment-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        var saved = page.Locator("[data-testid=assignment-saved]");
        await Assertions.Expect(saved).ToContainTextAsync("Je opdracht is ingeleverd.");
        await Assertions.Expect(saved).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-testid=last-submission-text]")).ToHaveTextAsync(answer);
        await Assertions.Expect(page.Locator("[data-testid=assignment-error]")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();

        // Back on the path: 2 of 8 steps, and the next step is M9.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=back-to-path]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync(PathUrl);
        await Assertions.Expect(page.Locator("[data-testid=path-progress] label")).ToHaveTextAsync("2 van 8 stappen gezet");
        await Assertions.Expect(page.Locator("[data-testid=next-step]")).ToHaveAttributeAsync("href", "/modules/m9-organisatiebeleid");
        await Assertions.Expect(page.Locator("[data-testid=next-step]")).ToContainTextAsync("Stap 3 · ");
        await Assertions.Expect(steps.Nth(1).Locator("[data-testid=step-status]")).ToHaveTextAsync("✓ Klaar");
        await Assertions.Expect(steps.Nth(2)).ToHaveAttributeAsync("aria-current", "step");
        await page.AssertAccessibleAsync();

        // "Mijn leren" lists the path in progress.
        await page.TabToAsync(".site-nav a[href='/mijn-leren']");
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectPathAsync("/mijn-leren");
        await Assertions.Expect(page.Locator("[data-testid=my-paths]")).ToContainTextAsync("Leerlijn voor leidinggevenden");
        await Assertions.Expect(page.Locator("[data-testid=my-paths]")).ToContainTextAsync("2 van 8 stappen gezet");
        await page.AssertAccessibleAsync();
    }

    private async Task CompleteModuleAsync(string email, string moduleId)
    {
        var module = server.Services.GetRequiredService<ContentCatalog>().Current.FindModule(moduleId)!;
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var now = DateTime.UtcNow;
        db.ModuleProgress.Add(new ModuleProgress
        {
            UserId = userId,
            ModuleId = module.Id,
            ModuleVersion = module.Metadata.Version,
            CurrentPageId = module.Pages[^1].Id,
            StartedAtUtc = now.AddMinutes(-30),
            LastVisitedAtUtc = now,
            CompletedAtUtc = now,
            PassedAtUtc = now,
            PageViews = module.Pages.Select(p => new PageView { PageId = p.Id, FirstViewedAtUtc = now }).ToList(),
        });
        await db.SaveChangesAsync();
    }
}
