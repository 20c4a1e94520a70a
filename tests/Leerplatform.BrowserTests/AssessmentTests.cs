using System.Text.RegularExpressions;
using Leerplatform.BrowserTests.Support;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>Quizzes and branching cases in real Chromium, on the assessment fixture module.</summary>
[Collection(ServerCollection.Name)]
public sealed class AssessmentTests(ServerFixture server)
{
    private const string Module = "/modules/toets-module";

    [Fact]
    public async Task ALearnerPlaysACaseWithTheKeyboardResumesAfterAReloadAndSeesTheDebrief()
    {
        var page = await server.NewPageAsync();
        await SignUpAsync(page);
        await page.GotoAsync($"{Module}/casus");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".scenario-node h3")).ToHaveTextAsync("Situatie 1");
        await page.AssertAccessibleAsync();

        // Decision 1 with the keyboard: arrow keys move within a radio group, Tab moves between groups.
        await DecideWithKeyboardAsync(page, "begin", choice: 2, certainty: 2, "De zoon is er al, dat gaat sneller.");

        await Assertions.Expect(page.Locator(".choice-feedback h3")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".choice-feedback")).ToContainTextAsync("Een familielid laat soms dingen weg.");
        await Assertions.Expect(page.Locator(".choice-feedback .deltas")).ToContainTextAsync("−2");
        await page.AssertAccessibleAsync();

        // Reload while reading the feedback: the decision is saved, the same feedback is back.
        await page.ReloadAsync();
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".choice-feedback")).ToContainTextAsync("Een familielid laat soms dingen weg.");

        await ContinueWithKeyboardAsync(page);
        // The automatic route (C4 < 0) skips "zoon" and lands on "tolk": the third choice shows because "zoon" was visited.
        await Assertions.Expect(page.Locator(".scenario-node")).ToContainTextAsync("De tolk is er.");
        await Assertions.Expect(page.Locator(".scenario-choices input[type=radio]")).ToHaveCountAsync(3);

        // Reload at the new node: same node, nothing chosen yet.
        await page.ReloadAsync();
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".scenario-node")).ToContainTextAsync("De tolk is er.");
        await Assertions.Expect(page.Locator(".scenario-node h3")).ToHaveTextAsync("Situatie 2");

        await DecideWithKeyboardAsync(page, "tolk", choice: 3, certainty: 3, "Ik herstel mijn eerste keuze.");
        await ContinueWithKeyboardAsync(page);
        await DecideWithKeyboardAsync(page, "tolk-opnieuw", choice: 1, certainty: 1, "Nu met een tolk.");
        await ContinueWithKeyboardAsync(page);

        // Ending and debrief: outcome by score band, the path with each decision's feedback, totals.
        await Assertions.Expect(page.Locator(".debrief h3")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".debrief h3")).ToHaveTextAsync("Einde van de casus: voldoende");
        await Assertions.Expect(page.Locator(".debrief-path > li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".debrief-path")).ToContainTextAsync("Je laat de zoon tolken.");
        await Assertions.Expect(page.Locator(".debrief-path")).ToContainTextAsync("Goed hersteld.");
        await Assertions.Expect(page.Locator(".debrief-path")).ToContainTextAsync("Ik herstel mijn eerste keuze.");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task ALearnerFailsAQuizRetriesWithinTheLimitAndPasses()
    {
        var page = await server.NewPageAsync();
        await SignUpAsync(page);
        await page.GotoAsync($"{Module}/kennischeck");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".quiz-rules")).ToContainTextAsync("Je slaagt vanaf 100%");
        await page.AssertAccessibleAsync();

        // Attempt 1: one wrong answer.
        await page.GetByLabel("Dat hij alles begrepen heeft").CheckAsync();
        await page.Locator(".question").Nth(0).GetByRole(AriaRole.Button, new() { Name = "Controleer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".question").Nth(0).Locator(".question-feedback")).ToContainTextAsync("Niet juist.");
        await Assertions.Expect(page.Locator(".question").Nth(0).Locator(".question-feedback")).ToContainTextAsync("Juiste antwoord: Niet genoeg: vraag het in eigen woorden na");
        await page.AssertAccessibleAsync();
        await page.Locator(".question").Nth(1).GetByLabel("Juist", new() { Exact = true }).CheckAsync();
        await page.Locator(".question").Nth(1).GetByRole(AriaRole.Button, new() { Name = "Controleer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".question").Nth(1).Locator(".question-feedback")).ToContainTextAsync("Juist.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toets inleveren" }).ClickAsync();

        await Assertions.Expect(page.Locator(".quiz-result")).ToContainTextAsync("Niet geslaagd");
        await Assertions.Expect(page.Locator(".quiz-result")).ToContainTextAsync("50%");
        await Assertions.Expect(page.Locator(".quiz-result h3")).ToBeFocusedAsync();
        await page.AssertAccessibleAsync();

        // Attempt 2 (the last one allowed): both right.
        await page.GetByRole(AriaRole.Button, new() { Name = "Nieuwe poging" }).ClickAsync();
        await Assertions.Expect(page.Locator(".quiz-rules")).ToContainTextAsync("Poging 2 van 2.");
        await page.GetByLabel("Niet genoeg: vraag het in eigen woorden na").CheckAsync();
        await page.Locator(".question").Nth(0).GetByRole(AriaRole.Button, new() { Name = "Controleer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".question").Nth(0).Locator(".question-feedback")).ToContainTextAsync("Juist.");
        await page.Locator(".question").Nth(1).GetByLabel("Juist", new() { Exact = true }).CheckAsync();
        await page.Locator(".question").Nth(1).GetByRole(AriaRole.Button, new() { Name = "Controleer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".question").Nth(1).Locator(".question-feedback")).ToContainTextAsync("Juist.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toets inleveren" }).ClickAsync();

        await Assertions.Expect(page.Locator(".quiz-result")).ToContainTextAsync("Geslaagd");
        await Assertions.Expect(page.Locator(".quiz-result")).ToContainTextAsync("100%");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nieuwe poging" })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();

        // The review survives a reload.
        await page.ReloadAsync();
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".quiz-result")).ToContainTextAsync("Geslaagd");
    }

    [Fact]
    public async Task OrderingMatchingSelfRatingAndReflectionWorkWithTheKeyboardAndAreSaved()
    {
        var page = await server.NewPageAsync();
        await SignUpAsync(page);
        await page.GotoAsync($"{Module}/oefenen");
        await page.WaitUntilSettledAsync();
        var ordering = page.Locator(".ordering");
        var start = await ordering.Locator(".ordering-text").AllTextContentsAsync();

        // Move the first item down with the keyboard; focus stays on the moved item's button.
        await page.TabToAsync(".ordering li:first-child button.ordering-down");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(ordering.Locator("li").Nth(1).Locator(".ordering-text")).ToHaveTextAsync(start[0]);
        await Assertions.Expect(page.Locator(".ordering li:nth-child(2) button.ordering-down")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".ordering + p[aria-live]")).ToContainTextAsync("staat nu op plaats 2 van 4");
        await page.AssertAccessibleAsync();

        // Put the items in the right order with buttons only, then check: right on the first try.
        var expected = new[] { "Voorbereiden met de tolk", "De cliënt rechtstreeks aanspreken", "Begrip controleren", "Nabespreken" };
        for (var target = 0; target < expected.Length; target++)
        {
            var texts = await ordering.Locator(".ordering-text").AllTextContentsAsync();
            for (var at = Array.IndexOf(texts.ToArray(), expected[target]); at > target; at--)
            {
                await ordering.Locator("li").Nth(at).Locator("button.ordering-up").ClickAsync();
                await Assertions.Expect(ordering.Locator("li").Nth(at - 1).Locator(".ordering-text")).ToHaveTextAsync(expected[target]);
            }
        }

        var first = page.Locator(".question").Nth(0);
        await first.GetByRole(AriaRole.Button, new() { Name = "Controleer" }).ClickAsync();
        await Assertions.Expect(first.Locator(".question-feedback")).ToContainTextAsync("Juist.");
        await Assertions.Expect(first.Locator(".question-feedback")).ToContainTextAsync("(1 van 1 punten)");

        // Matching with selects: a wrong pairing costs a try and shows a hint-free retry message.
        var second = page.Locator(".question").Nth(1);
        await second.GetByLabel("Professionele tolk").SelectOptionAsync(new SelectOptionValue { Label = "uitleg over een procedure" });
        await second.GetByLabel("Taalhulp").SelectOptionAsync(new SelectOptionValue { Label = "slecht nieuws" });
        await second.GetByRole(AriaRole.Button, new() { Name = "Controleer" }).ClickAsync();
        await Assertions.Expect(second.Locator(".question-feedback")).ToContainTextAsync("Probeer het nog eens. Je hebt nog 1 poging(en) voor deze vraag.");

        // Self-rating and reflection are saved, not marked, and survive a reload.
        var third = page.Locator(".question").Nth(2);
        await third.GetByLabel("Mee eens", new() { Exact = true }).CheckAsync();
        await third.GetByRole(AriaRole.Button, new() { Name = "Bewaar" }).ClickAsync();
        await Assertions.Expect(third.Locator(".question-feedback")).ToContainTextAsync("Hier is geen goed of fout antwoord.");
        var fourth = page.Locator(".question").Nth(3);
        await fourth.GetByLabel("Jouw reflectie").FillAsync("Ik bereid het gesprek voortaan samen met de tolk voor.");
        await fourth.GetByLabel("3 · heel zeker").CheckAsync();
        await fourth.GetByRole(AriaRole.Button, new() { Name = "Bewaar" }).ClickAsync();
        await Assertions.Expect(fourth.Locator(".question-feedback")).ToContainTextAsync("zekerheid 3");

        await page.ReloadAsync();
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator(".question").Nth(1).Locator(".question-feedback")).ToContainTextAsync("Probeer het nog eens");
        await Assertions.Expect(page.Locator(".question").Nth(3).Locator(".question-feedback")).ToContainTextAsync("Ik bereid het gesprek voortaan samen met de tolk voor.");
        await page.AssertAccessibleAsync();
    }

    /// <summary>
    /// One decision with the keyboard only: Tab into the choices, arrow down to the wanted one, Tab into the
    /// certainty group and arrow right, Tab into the reason and type it, then confirm with Enter.
    /// </summary>
    private static async Task DecideWithKeyboardAsync(IPage page, string node, int choice, int certainty, string reason)
    {
        await page.TabToAsync($"#choice-{node}-1");
        // Tabbing into a radio group focuses without selecting: Space selects the first, arrows move and select.
        await page.Keyboard.PressAsync(choice == 1 ? "Space" : "ArrowDown");
        for (var i = 2; i < choice; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Assertions.Expect(page.Locator($"#choice-{node}-{choice}")).ToBeCheckedAsync();
        await page.TabToAsync("#certainty-casus-k-1");
        await page.Keyboard.PressAsync(certainty == 1 ? "Space" : "ArrowRight");
        for (var i = 2; i < certainty; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        await Assertions.Expect(page.Locator($"#certainty-casus-k-{certainty}")).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(reason);
        await page.TabToAsync(".scenario button.button:not([disabled])");
        await page.Keyboard.PressAsync("Enter");
    }

    private static async Task ContinueWithKeyboardAsync(IPage page)
    {
        await page.TabToAsync(".scenario button.button");
        await page.Keyboard.PressAsync("Enter");
        // The next situation (or the debrief) takes focus once rendered; a keyboard user starts from there. Waiting
        // for it keeps the next Tab from racing that focus move on a slow machine.
        await page.WaitForFunctionAsync("() => document.activeElement?.matches('.scenario-node h3, .debrief h3') === true");
    }

    private static async Task SignUpAsync(IPage page)
    {
        await page.GotoAsync("/account/registreren");
        await page.Locator("#name").FillAsync("Toetser");
        await page.Locator("#email").FillAsync($"toets-{Guid.NewGuid():N}@example.org");
        await page.Locator("#password").FillAsync("een lang wachtwoord hier");
        await page.Locator("#confirm").FillAsync("een lang wachtwoord hier");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/");
    }
}
