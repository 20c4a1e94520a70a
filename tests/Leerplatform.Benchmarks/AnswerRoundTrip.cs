using System.Diagnostics;
using Leerplatform.Testing;
using Microsoft.Playwright;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Browser round trip of an answer on loopback: click "Controleer" → the feedback text is on screen, measured
/// from the driving process (so it includes Playwright's own messaging) over N answers in real Chromium
/// against the real app. Run: <c>dotnet run -c Release --project tests/Leerplatform.Benchmarks -- answer-rtt [N]</c>.
/// </summary>
public static class AnswerRoundTrip
{
    private const string ClickUntilFeedback = """
        button => new Promise((resolve, reject) => {
            const question = button.closest('.question');
            const start = performance.now();
            const observer = new MutationObserver(() => {
                if (question.querySelector('.question-feedback .verdict')) {
                    observer.disconnect();
                    resolve(performance.now() - start);
                }
            });
            observer.observe(question, { childList: true, subtree: true, characterData: true });
            setTimeout(() => { observer.disconnect(); reject(new Error('no feedback within 10 s')); }, 10000);
            button.click();
        })
        """;

    private static void Report(string what, List<double> samples)
    {
        samples.Sort();
        double Percentile(double p) => samples[(int)Math.Ceiling(p * samples.Count) - 1];
        Console.WriteLine($"Answer round trip over {samples.Count} answers, {what}:");
        Console.WriteLine($"  p50 {Percentile(0.50):0.0} ms   p95 {Percentile(0.95):0.0} ms   p99 {Percentile(0.99):0.0} ms   min {samples[0]:0.0} ms   max {samples[^1]:0.0} ms");
    }

    public static async Task RunAsync(int answers)
    {
        using var temp = new TempDirectory("leerplatform-rtt");
        var content = temp.CopyFrom(TestPaths.RealContent, "content");
        // A realistic quiz of 10 questions, taken again and again until N answers are measured.
        const int perAttempt = 10;
        GeneratedContent.WriteQuizModule(content, perAttempt);
        // Production settings; static assets come from the build output.
        var (app, baseUrl) = await RealApp.StartAsync(temp, content, environment: "Production");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "nl-BE" })).NewPageAsync();
        await page.GotoAsync("/account/registreren");
        await page.Locator("#name").FillAsync("Meter");
        await page.Locator("#email").FillAsync("meter@example.org");
        await page.Locator("#password").FillAsync("een lang wachtwoord");
        await page.Locator("#confirm").FillAsync("een lang wachtwoord");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/");
        await page.GotoAsync("/modules/meetmodule/meettoets");
        await page.Locator("main[data-interactive=true]").WaitForAsync();
        await page.Locator(".question").First.WaitForAsync();

        var samples = new List<double>();
        var driverSamples = new List<double>();
        while (samples.Count < answers)
        {
            for (var i = 0; i < perAttempt && samples.Count < answers; i++)
            {
                var question = page.Locator(".question").Nth(i);
                await question.GetByLabel("Antwoord B").CheckAsync();
                var button = question.GetByRole(AriaRole.Button, new() { Name = "Controleer" });
                await Assertions.Expect(button).ToBeEnabledAsync();
                var started = Stopwatch.GetTimestamp();
                // Measured inside the page: the click, the server round trip over the circuit, and the DOM update
                // that puts the verdict on screen. Playwright's own click (actionability waits) is left out.
                samples.Add(await button.EvaluateAsync<double>(ClickUntilFeedback));
                driverSamples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Toets inleveren" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Nieuwe poging" }).ClickAsync();
            await page.Locator(".quiz-result").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }

        Report("in the page (click → verdict in the DOM)", samples);
        Report("seen by the driving process (incl. Playwright messaging)", driverSamples);
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
