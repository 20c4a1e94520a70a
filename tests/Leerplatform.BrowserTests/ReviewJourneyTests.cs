using Leerplatform.BrowserTests.Support;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// The review journey in real Chromium: the demo learner writes a reflection, the demo trainer comments on it and
/// rates a competence from the organisation's review queue (keyboard only), and the learner reads the comment on
/// "Mijn feedback". Every page visited is checked with axe.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReviewJourneyTests(ServerFixture server)
{
    [Fact]
    public async Task ATrainerReviewsALearnersReflectionAndTheLearnerReadsTheComment()
    {
        var reflection = $"Ik vraag de cliënt voortaan eerst wat hij wil weten ({Guid.NewGuid():N}).";
        const string comment = "Goed dat je de cliënt laat kiezen. Bespreek dit ook vooraf met de tolk.";

        // The learner writes a reflection in the practice quiz of the fixture module.
        var learner = DemoUserSeeder.Users.Single(u => u.Email == "leerling@leerplatform.test");
        var page = await server.NewPageAsync();
        await SignInAsync(page, learner, "/modules/toets-module/oefenen");
        var question = page.Locator(".question").Filter(new() { HasText = "Wat neem je mee uit deze module?" });
        await question.GetByLabel("Jouw reflectie").FillAsync(reflection);
        await question.GetByLabel("3 · heel zeker").CheckAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "Bewaar" }).ClickAsync();
        await Assertions.Expect(question.Locator(".question-feedback")).ToContainTextAsync("zekerheid 3");
        await page.AssertAccessibleAsync();

        // The trainer finds it in the organisation's queue and reviews it with the keyboard.
        var trainer = DemoUserSeeder.Users.Single(u => u.Email == "trainer@leerplatform.test");
        var trainerPage = await server.NewPageAsync();
        await SignInAsync(trainerPage, trainer, "/organisaties");
        await trainerPage.GetByRole(AriaRole.Link, new() { Name = DemoUserSeeder.OrganisationName }).ClickAsync();
        await trainerPage.WaitUntilSettledAsync();
        await trainerPage.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Beoordelen" }).ClickAsync();
        await Assertions.Expect(trainerPage.Locator("h1")).ToHaveTextAsync("Beoordelen");
        await trainerPage.AssertAccessibleAsync();
        var item = trainerPage.Locator("[data-testid=review-item]").Filter(new() { HasText = reflection });
        await Assertions.Expect(item).ToContainTextAsync("zekerheid 3 van 3");
        var open = item.GetByRole(AriaRole.Button, new() { Name = "Beoordeel het antwoord van Sam Peeters" });
        await open.FocusAsync();
        await trainerPage.Keyboard.PressAsync("Enter");
        await Assertions.Expect(open).ToHaveAttributeAsync("aria-expanded", "true");
        var commentBox = item.GetByLabel("Jouw feedback voor de leerling");
        await commentBox.FocusAsync();
        await trainerPage.Keyboard.TypeAsync(comment);
        await item.GetByLabel("Competentie beoordelen (niet verplicht)").SelectOptionAsync("C4");
        await item.GetByLabel("Niveau").SelectOptionAsync("vaardig");
        await trainerPage.AssertAccessibleAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Bewaar feedback" }).FocusAsync();
        await trainerPage.Keyboard.PressAsync("Enter");
        await Assertions.Expect(trainerPage.Locator(".status-line")).ToHaveTextAsync("Je feedback voor Sam Peeters is bewaard.");
        await Assertions.Expect(trainerPage.Locator("[data-testid=review-item]").Filter(new() { HasText = reflection })).ToHaveCountAsync(0);
        await trainerPage.Locator("#review-status").SelectOptionAsync("beoordeeld");
        var reviewed = trainerPage.Locator("[data-testid=review-item]").Filter(new() { HasText = reflection });
        await Assertions.Expect(reviewed.Locator("[data-testid=review-latest]")).ToContainTextAsync(comment);
        await trainerPage.AssertAccessibleAsync();

        // The learner sees there is news on "Mijn leren" and reads the comment with the rating.
        await page.GotoAsync("/mijn-leren");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator("[data-testid=feedback-link]")).ToContainTextAsync("nieuw");
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Feedback van trainers" }).ClickAsync();
        await page.ExpectPathAsync("/mijn-feedback");
        var feedback = page.Locator("[data-testid=feedback-item]").Filter(new() { HasText = reflection });
        await Assertions.Expect(feedback.Locator("[data-testid=feedback-comment]")).ToHaveTextAsync(comment);
        await Assertions.Expect(feedback).ToContainTextAsync("Feedback van Noor El Amrani");
        await Assertions.Expect(feedback.Locator("[data-testid=feedback-rating]")).ToContainTextAsync("Vaardig");
        await page.AssertAccessibleAsync();

        // Back in the quiz, the comment stands next to the reflection.
        await page.GotoAsync("/modules/toets-module/oefenen");
        await page.WaitUntilSettledAsync();
        await Assertions.Expect(page.Locator("[data-testid=trainer-comment]")).ToContainTextAsync(comment);
        await page.AssertAccessibleAsync();
    }

    private static async Task SignInAsync(IPage page, DemoUserSeeder.DemoUser user, string returnUrl)
    {
        await page.GotoAsync("/account/inloggen?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.Locator("#email").FillAsync(user.Email);
        await page.Locator("#password").FillAsync(user.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync(returnUrl);
        await page.WaitUntilSettledAsync();
    }
}
