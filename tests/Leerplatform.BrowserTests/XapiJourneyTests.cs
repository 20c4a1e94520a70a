using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leerplatform.BrowserTests.Support;
using Leerplatform.Testing;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// The xAPI journey in real Chromium: a learner of the demo organisation completes a module with a case; the
/// organisation's admin downloads the CSV and the JSON export; the statement endpoint (with the demo key from
/// the README) returns the journey's statements in order; a third-party validator accepts every one of them.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class XapiJourneyTests(ServerFixture server)
{
    private const string Module = "/modules/casus-journey";

    [Fact]
    public async Task ALearnersCaseIsRecordedExportedAndServedByTheStatementEndpoint()
    {
        var learner = DemoUserSeeder.Users.Single(u => u.Email == "leerling@leerplatform.test");
        var page = await server.NewPageAsync();
        await SignInAsync(page, learner, Module + "/inleiding");
        await page.WaitForPageRecordedAsync();
        await page.AssertAccessibleAsync();

        // Within one circuit (one learning session) from page to page, as a learner clicks on.
        await page.Locator(".pager-next").ClickAsync();
        await page.ExpectPathAsync(Module + "/casus");
        await page.WaitForPageRecordedAsync();
        await DecideAsync(page, "begin", "Een tolk vertaalt alles, ook het moeilijke nieuws.");
        await DecideAsync(page, "tolk", "Hij mag zelf kiezen wat hij wil weten.");
        await Assertions.Expect(page.Locator(".debrief h3")).ToHaveTextAsync("Einde van de casus: goed");
        await page.AssertAccessibleAsync();
        // Leaving the module ends the session: the reader goes away and records "terminated".
        await page.Locator(".pager-next").ClickAsync();
        await page.ExpectPathAsync("/mijn-leren");
        await page.WaitUntilSettledAsync();

        // The admin of the demo organisation downloads the exports.
        var admin = DemoUserSeeder.Users.Single(u => u.Role == "admin");
        var adminPage = await server.NewPageAsync();
        await SignInAsync(adminPage, admin, "/organisaties");
        await adminPage.AssertAccessibleAsync();
        await adminPage.GetByRole(AriaRole.Link, new() { Name = DemoUserSeeder.OrganisationName }).ClickAsync();
        await adminPage.WaitUntilSettledAsync();
        await adminPage.AssertAccessibleAsync();
        await adminPage.Locator(".org-nav").GetByRole(AriaRole.Link, new() { Name = "Leerrecords" }).ClickAsync();
        await Assertions.Expect(adminPage.Locator("#export-module")).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("Leerrecords en LRS");
        await adminPage.AssertAccessibleAsync();
        await adminPage.Locator("#export-module").SelectOptionAsync("casus-journey");

        var csv = await DownloadAsync(adminPage, "[data-testid=export-csv]");
        var row = csv.Split("\r\n").Single(l => l.StartsWith(learner.DisplayName + ",", StringComparison.Ordinal));
        Assert.Contains(",casus-journey,", row);
        Assert.Contains(",completed,", row);

        using var export = JsonDocument.Parse(await DownloadAsync(adminPage, "[data-testid=export-json]"));
        var exported = export.RootElement.EnumerateArray().ToList();
        var learnerId = exported[0].GetProperty("actor").GetProperty("account").GetProperty("name").GetString()!;
        Assert.All(exported, s => Assert.Equal(learnerId, s.GetProperty("actor").GetProperty("account").GetProperty("name").GetString()));

        // The statement endpoint, read with the demo key, returns the journey in stored order.
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("demo-lrs-key:demo-lrs-secret-only-for-development")));
        http.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        var agent = Uri.EscapeDataString($$$"""{"account":{"homePage":"https://leerplatform.example/","name":"{{{learnerId}}}"}}""");
        var activity = Uri.EscapeDataString("https://leerplatform.example/modules/casus-journey");
        using var served = JsonDocument.Parse(await http.GetStringAsync($"/xapi/statements?agent={agent}&activity={activity}&related_activities=true&ascending=true&limit=500"));
        var statements = served.RootElement.GetProperty("statements").EnumerateArray().ToList();
        var verbs = statements.Select(s => s.GetProperty("verb").GetProperty("id").GetString()!.Split('/')[^1]).ToList();
        Assert.Equal(["launched", "initialized", "experienced", "progressed", "experienced", "progressed", "responded", "responded", "completed", "completed", "terminated"], verbs);
        Assert.Equal(exported.Where(s => statements.Any(t => t.GetProperty("id").GetString() == s.GetProperty("id").GetString())).Select(s => s.GetProperty("id").GetString()),
            statements.Select(s => s.GetProperty("id").GetString()));
        var stored = statements.Select(s => s.GetProperty("stored").GetString()!).ToList();
        Assert.Equal(stored.Order(StringComparer.Ordinal), stored);

        // A third party agrees: every statement of the journey is valid xAPI 1.0.3.
        using var temp = new TempDirectory();
        var file = temp.Combine("journey.json");
        await File.WriteAllTextAsync(file, export.RootElement.GetRawText());
        var validation = await NodeInterop.RunAsync("validate.js", [file], TimeSpan.FromSeconds(60));
        Assert.True(validation.ExitCode == 0, validation.ToString());
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

    /// <summary>Takes the first choice at <paramref name="node"/> with certainty 2 and a reason, then goes on.</summary>
    private static async Task DecideAsync(IPage page, string node, string reason)
    {
        await page.Locator($"#choice-{node}-1").CheckAsync();
        await page.Locator("#certainty-casus-journey-k-2").CheckAsync();
        await page.Locator("#reason-casus-journey-k").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kies", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".choice-feedback")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verder", Exact = true }).ClickAsync();
    }

    private static async Task<string> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(selector).ClickAsync());
        Assert.Null(await download.FailureAsync());
        return (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
    }
}
