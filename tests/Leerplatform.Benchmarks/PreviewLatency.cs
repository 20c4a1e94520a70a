using System.Diagnostics;
using System.Text;
using Leerplatform.Core.Content.Packages;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Web.Services.Workspace;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Live-preview latency of the workspace editor for a 30 KB module: a change is typed, and we time from the
/// input event (the last keystroke, after which the user pauses) until the preview shows the change, in real
/// Chromium against the real app. That span includes the editor's 80 ms debounce, the circuit round trip, the
/// loader and linter over the whole draft, and the DOM update. Also times the server-side check alone.
/// Run: <c>dotnet run -c Release --project tests/Leerplatform.Benchmarks -- preview-latency [N]</c>.
/// </summary>
public static class PreviewLatency
{
    private const string TypeUntilPreview = """
        ([text, marker]) => new Promise((resolve, reject) => {
            const editor = document.getElementById('editor');
            const preview = document.querySelector('[data-testid=preview]');
            const observer = new MutationObserver(() => {
                if (preview.textContent.includes(marker)) {
                    observer.disconnect();
                    resolve(performance.now() - start);
                }
            });
            observer.observe(preview, { childList: true, subtree: true, characterData: true });
            setTimeout(() => { observer.disconnect(); reject(new Error('no preview within 10 s')); }, 10000);
            editor.value = text;
            const start = performance.now();
            editor.dispatchEvent(new Event('input', { bubbles: true }));
        })
        """;

    /// <summary>About 30 KB of Markdown: an introduction, a long page with headings, lists, a table and callouts, and a case.</summary>
    public static IReadOnlyList<ModuleFile> Module(string marker)
    {
        var page = new StringBuilder("# Een lange pagina\n\n");
        for (var section = 1; page.Length < 24_000; section++)
        {
            page.Append($"## Deel {section}\n\n");
            page.Append("Een professional in de thuiszorg spreekt elke week mensen met een andere moedertaal. ")
                .Append("Wie tijdig een tolk inschakelt, voorkomt misverstanden en geeft de cliënt een eerlijke kans om mee te beslissen. ")
                .Append("Vraag door, controleer of je elkaar begrijpt en noteer wat je hebt afgesproken.\n\n");
            page.Append("- Bereid het gesprek voor met de tolk.\n- Spreek de cliënt rechtstreeks aan.\n- Vat samen en vraag na.\n\n");
            page.Append("| Situatie | Wie tolkt? |\n|---|---|\n| Slecht nieuws | Professionele tolk |\n| Afspraak maken | Taalhulp kan |\n\n");
            page.Append("> [!TIP]\n> Plan tien minuten extra voor een gesprek met tolk.\n\n");
        }

        page.Append($"Laatste alinea: {marker}.\n");
        var scenario = new StringBuilder("---\ntitel: Casus\nscenario:\n  id: lange-casus\n---\n# Casus\n\n");
        for (var node = 1; node <= 8; node++)
        {
            var next = node == 8 ? "slot" : $"k{node + 1}";
            scenario.Append($"::: knoop {(node == 1 ? "begin" : $"k{node}")}\nSituatie {node}: de cliënt begrijpt de uitleg over de medicatie niet goed.\n\n")
                .Append($"- [Je regelt een tolk.](#{next}) | C4 +1\n  > Goed: zo krijgt de cliënt de volledige uitleg.\n")
                .Append($"- [Je gaat gewoon verder.](#{next}) | C4 -1\n  > Zo blijft het misverstand bestaan.\n:::\n\n");
        }

        scenario.Append("::: einde slot goed\nJe hebt de cliënt goed begeleid.\n:::\n");
        return
        [
            ModuleFile.FromText("module.md", "---\nid: meet-editor\ntitel: \"Meetmodule editor\"\nsamenvatting: \"Voor de meting van de editor.\"\ndoelgroep: [professional]\ncompetenties: [C4]\nduur: 30\ntaal: nl\nversie: 1.0.0\n---\nInleiding.\n"),
            ModuleFile.FromText("01-lang.md", page.ToString()),
            ModuleFile.FromText("02-casus.md", scenario.ToString()),
        ];
    }

    private static void Report(string what, List<double> samples)
    {
        samples.Sort();
        double Percentile(double p) => samples[(int)Math.Ceiling(p * samples.Count) - 1];
        Console.WriteLine($"{what} over {samples.Count} edits: p50 {Percentile(0.50):0.0} ms   p95 {Percentile(0.95):0.0} ms   min {samples[0]:0.0} ms   max {samples[^1]:0.0} ms");
    }

    public static async Task RunAsync(int edits)
    {
        using var temp = new TempDirectory("leerplatform-preview");
        var content = temp.CopyFrom(TestPaths.RealContent, "content");
        var (app, baseUrl) = await RealApp.StartAsync(temp, content, environment: "Production");
        var files = Module("MARKER-0");
        Console.WriteLine($"Module size: {files.Sum(f => f.Content.Length) / 1024.0:0.0} KB in {files.Count} files");

        // Server side alone: the loader and linter over the whole draft, as every preview runs them.
        var compiler = app.Services.GetRequiredService<DraftCompiler>();
        var compile = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = compiler.Compile("meet-editor", Module($"MARKER-{i}"));
            compile.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (result.HasErrors)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
            }
        }

        Report("Server-side check + render (DraftCompiler)", compile.Skip(10).ToList());

        string workspaceId, organisationId;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var trainer = new AppUser { UserName = "meter@example.org", Email = "meter@example.org", DisplayName = "Meter" };
            (await users.CreateAsync(trainer, "een lang wachtwoord")).EnsureSucceeded();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();
            var organisation = new Organisation { Name = "Meting", CreatedAtUtc = DateTime.UtcNow };
            db.Organisations.Add(organisation);
            db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisation.Id, UserId = trainer.Id, Role = OrganisationRoles.Trainer, JoinedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            organisationId = organisation.Id;
            var workspace = app.Services.GetRequiredService<WorkspaceService>();
            workspaceId = await workspace.CreateAsync(organisationId, trainer.Id, "Meetmodule editor", "meet-editor");
            await workspace.SaveDraftAsync(organisationId, workspaceId, trainer.Id, files);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "nl-BE" })).NewPageAsync();
        await page.GotoAsync("/account/inloggen");
        await page.Locator("#email").FillAsync("meter@example.org");
        await page.Locator("#password").FillAsync("een lang wachtwoord");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/");
        await page.GotoAsync($"/org/{organisationId}/werkplaats/{workspaceId}");
        await page.Locator("main[data-interactive=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "01-lang.md" }).ClickAsync();
        await page.Locator("[data-testid=preview]").GetByText("MARKER-0").WaitForAsync();

        var baseText = files.Single(f => f.Path == "01-lang.md").Text;
        var samples = new List<double>();
        for (var i = 1; i <= edits; i++)
        {
            var marker = $"MARKER-{i}";
            samples.Add(await page.EvaluateAsync<double>(TypeUntilPreview, new object[] { baseText.Replace("MARKER-0", marker, StringComparison.Ordinal), marker }));
        }

        Report("Pause in typing → preview updated (in the page, incl. 80 ms debounce)", samples.Skip(5).ToList());
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static void EnsureSucceeded(this IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
