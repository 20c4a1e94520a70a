using System.Net;
using System.Text.Json;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>Exports for an organisation admin: JSON, NDJSON, CSV; only their own organisation; bad filters refused.</summary>
public sealed class XapiExportTests
{
    private static string Export(string organisation, string file) => $"/api/org/{organisation}/export/{file}";

    private static async Task<(AppFactory App, string AdminEmail, string LearnerId, string OtherLearnerId, string Organisation)> SetUpAsync()
    {
        var app = AppFactory.For("assessment-valid");
        var admin = await app.CreateUserAsync("admin-export@example.org");
        var learner = await app.CreateUserAsync("leerling-export@example.org");
        var other = await app.CreateUserAsync("ander-export@example.org");
        var (organisation, _, _) = await app.CreateOrganisationAsync("Export", true, learner);
        await app.CreateOrganisationAsync("Andere", true, other);
        await using (var db = await app.DbAsync())
        {
            db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisation, UserId = admin, Role = OrganisationRoles.Admin, JoinedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var module = app.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        var progress = app.Services.GetRequiredService<ProgressService>();
        foreach (var page in module.Pages)
        {
            await progress.RecordPageViewAsync(learner, module, page);
        }

        await progress.RecordPageViewAsync(other, module, module.Pages[0]);
        return (app, "admin-export@example.org", learner, other, organisation);
    }

    private static async Task<HttpClient> SignedInAsync(AppFactory app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInAsync(email, "een lang wachtwoord");
        return client;
    }

    [Fact]
    public async Task AnAdminDownloadsTheirOrganisationsStatementsAsJsonAndNdjson()
    {
        var (app, admin, learner, other, organisation) = await SetUpAsync();
        using (app)
        {
            var client = await SignedInAsync(app, admin);
            var json = await client.GetAsync(Export(organisation, $"statements.json"));
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            Assert.Contains("attachment", json.Content.Headers.ContentDisposition!.ToString());
            using var array = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            var actors = array.RootElement.EnumerateArray().Select(s => s.GetProperty("actor").GetProperty("account").GetProperty("name").GetString()).ToList();
            Assert.NotEmpty(actors);
            Assert.All(actors, a => Assert.Equal(learner, a));
            Assert.DoesNotContain(other, actors);

            var lines = (await client.GetStringAsync(Export(organisation, $"statements.ndjson"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(actors.Count, lines.Length);
            Assert.All(lines, line => JsonDocument.Parse(line).Dispose());

            var onePerson = JsonDocument.Parse(await client.GetStringAsync(Export(organisation, $"statements.json?persoon={learner}&module=toets-module&van=2000-01-01&tot=2999-12-31")));
            Assert.Equal(actors.Count, onePerson.RootElement.GetArrayLength());
            var nothing = JsonDocument.Parse(await client.GetStringAsync(Export(organisation, $"statements.json?van=2000-01-01&tot=2000-01-02")));
            Assert.Equal(0, nothing.RootElement.GetArrayLength());
        }
    }

    [Theory]
    [InlineData("nl", "Naam,E-mail,Module-id,Module,Status,Score (%),Gestart op,Voltooid op,Geslaagd op,Tijd besteed (minuten),Competenties bereikt")]
    [InlineData("en", "Name,Email,Module id,Module,Status,Score (%),Started at,Completed at,Passed at,Time spent (minutes),Competences reached")]
    public async Task TheCompletionReportHasOneRowPerPersonAndModuleWithTheChosenHeaders(string language, string header)
    {
        var (app, admin, _, _, organisation) = await SetUpAsync();
        using (app)
        {
            var client = await SignedInAsync(app, admin);
            var csv = await client.GetStringAsync(Export(organisation, $"voltooiing.csv?taal={language}"));
            var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(header, lines[0]);
            var modules = app.Services.GetRequiredService<ContentCatalog>().Current.Modules.Count;
            Assert.Equal(2 * modules, lines.Length - 1); // admin and learner × every module; not the other organisation's learner
            Assert.Contains(lines, l => l.StartsWith("leerling-export@example.org,leerling-export@example.org,toets-module,", StringComparison.Ordinal) && l.Contains(",in-progress,", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("ander-export", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("statements.json?van=30-11-2026", "JJJJ-MM-DD")]
    [InlineData("statements.json?van=2026-12-01&tot=2026-11-01", "start date lies after the end date")]
    [InlineData("statements.ndjson?module=bestaat-niet", "unknown module")]
    [InlineData("voltooiing.csv?persoon=iemand", "unknown person")]
    public async Task BadFiltersAreRefusedWith400AndAReason(string url, string reason)
    {
        var (app, admin, _, _, organisation) = await SetUpAsync();
        using (app)
        {
            var client = await SignedInAsync(app, admin);
            var response = await client.GetAsync(Export(organisation, url));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task APersonOfAnotherOrganisationCannotBeExportedByThisAdmin()
    {
        var (app, admin, _, other, organisation) = await SetUpAsync();
        using (app)
        {
            var client = await SignedInAsync(app, admin);
            var response = await client.GetAsync(Export(organisation, $"statements.json?persoon={other}"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("unknown person", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("statements.json")]
    [InlineData("statements.ndjson")]
    [InlineData("voltooiing.csv")]
    public async Task LearnersAndAnonymousVisitorsCannotExport(string url)
    {
        var (app, _, _, _, organisation) = await SetUpAsync();
        using (app)
        {
            var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Export(organisation, url))).StatusCode);
            var learner = await SignedInAsync(app, "leerling-export@example.org");
            Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync(Export(organisation, url))).StatusCode);
        }
    }

    [Fact]
    public async Task TheAdminPageShowsTheOrganisationToItsAdminOnlyAndNeverThePassword()
    {
        var (app, admin, _, _, organisation) = await SetUpAsync();
        using (app)
        {
            var page = $"/org/{organisation}/leerrecords";
            var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(page)).StatusCode);

            var learner = await SignedInAsync(app, "leerling-export@example.org");
            Assert.DoesNotContain(page, await learner.GetStringAsync("/"));
            var refused = await learner.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/account/geen-toegang", refused.Headers.Location!.PathAndQuery);

            await app.Services.GetRequiredService<Leerplatform.Web.Services.Xapi.LrsSettings>()
                .SaveAsync(organisation, "https://lrs.example.org/xapi/", "gebruiker", "heel-geheim-wachtwoord", enabled: false);

            var adminClient = await SignedInAsync(app, admin);
            // An organisation admin without a platform role finds the organisation in the menu, the page on its overview.
            Assert.Contains("href=\"/organisaties\"", await adminClient.GetStringAsync("/"));
            var home = await adminClient.GetStringAsync($"/org/{organisation}");
            Assert.Contains(page, home);
            var adminPage = await adminClient.GetStringAsync(page);
            Assert.Contains("Elke leeractiviteit van de mensen van Export", adminPage);
            Assert.Contains("https://lrs.example.org/xapi/", adminPage);
            Assert.Contains("Er is een wachtwoord bewaard", adminPage);
            Assert.DoesNotContain("heel-geheim-wachtwoord", adminPage);
        }
    }

    [Fact]
    public void CsvFieldsAreQuotedAndFormulasDefused() =>
        Assert.Equal("\"De Smet, Jan\",'=1+1,\"zei \"\"hoi\"\"\",gewoon\r\n",
            Leerplatform.Web.Services.Xapi.XapiExport.Csv(["De Smet, Jan", "=1+1", "zei \"hoi\"", "gewoon"]));
}
