using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Leerplatform.Core.Content.Packages;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Integration;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Security;

/// <summary>
/// Enumerates every route the app maps and proves each one's access rule: every route must be classified here
/// (a new route fails the build of trust until someone decides who may call it), every organisation route carries
/// its policy, and each organisation route refuses anonymous callers, people of another organisation (even its
/// admin) and lower roles of the same organisation, while the role it is for gets through.
/// </summary>
public sealed partial class RouteIsolationTests
{
    private enum Access { Framework, Public, SignedIn, XapiKey, PlatformTrainer, PlatformAdmin, OrgMember, OrgTrainer, OrgAdmin }

    /// <summary>Who may call what. Patterns are lower-case with route constraints removed.</summary>
    private static readonly Dictionary<string, Access> Rules = new(StringComparer.Ordinal)
    {
        ["/_blazor"] = Access.Framework,
        ["/_blazor/disconnect/"] = Access.Framework,
        ["/_blazor/initializers/"] = Access.Framework,
        ["/_blazor/negotiate"] = Access.Framework,
        ["/_framework/blazor.server.js"] = Access.Framework,
        ["/_framework/blazor.web.js"] = Access.Framework,
        ["/_framework/opaque-redirect"] = Access.Framework,
        ["{**path}"] = Access.Framework,

        ["/"] = Access.Public,
        ["/modules"] = Access.Public,
        ["/bibliotheek"] = Access.Public,
        // Platform modules are public; an organisation's module is found for its members only (WorkspaceTests).
        ["/modules/{moduleid}"] = Access.Public,
        ["/modules/{moduleid}/{pageid}"] = Access.Public,
        ["/modules/{moduleid}/bestanden/{**path}"] = Access.Public,
        ["/cultuur/{culture}"] = Access.Public,
        ["/help/competenties"] = Access.Public,
        ["/status/{code}"] = Access.Public,
        ["/fout"] = Access.Public,
        ["/account/inloggen"] = Access.Public,
        ["/account/registreren"] = Access.Public,
        ["/account/geen-toegang"] = Access.Public,
        ["/account/uitloggen"] = Access.Public,
        // The token is the credential (single use, expiring, stored hashed); accepting needs the invited account.
        ["/uitnodiging/{token}"] = Access.Public,
        ["/xapi/about"] = Access.Public,

        // Only the caller's own data: the user always comes from the sign-in cookie, never from the URL.
        ["/mijn-leren"] = Access.SignedIn,
        ["/mijn-competenties"] = Access.SignedIn,
        ["/mijn-feedback"] = Access.SignedIn,
        ["/instellingen"] = Access.SignedIn,
        ["/account/wachtwoord"] = Access.SignedIn,
        ["/organisaties"] = Access.SignedIn,
        ["/api/competenties"] = Access.SignedIn,
        ["/api/voortgang/"] = Access.SignedIn,
        ["/api/voortgang/{moduleid}"] = Access.SignedIn,
        ["/api/voortgang/{moduleid}/paginas/{pageid}"] = Access.SignedIn,
        // Learning paths: content is shared, progress and hand-ins are the signed-in learner's own (LearningPathTests).
        ["/leerlijnen"] = Access.SignedIn,
        ["/leerlijnen/{pathid}"] = Access.SignedIn,
        ["/leerlijnen/{pathid}/opdracht/{slug}"] = Access.SignedIn,
        ["/api/leerlijnen/"] = Access.SignedIn,
        ["/api/leerlijnen/{pathid}"] = Access.SignedIn,
        ["/api/leerlijnen/{pathid}/opdrachten/{slug}"] = Access.SignedIn,

        // HTTP Basic with an organisation's key; isolation between keys is proven in XapiEndpointTests.
        ["/xapi/statements"] = Access.XapiKey,

        ["/beheer/inhoud"] = Access.PlatformTrainer,
        ["/beheer/competenties"] = Access.PlatformAdmin,
        ["/beheer/organisaties"] = Access.PlatformAdmin,

        ["/org/{orgid}"] = Access.OrgMember,
        ["/api/org/{orgid}/logo"] = Access.OrgMember,
        ["/org/{orgid}/werkplaats"] = Access.OrgTrainer,
        ["/org/{orgid}/beoordelen"] = Access.OrgTrainer,
        ["/org/{orgid}/rapporten"] = Access.OrgTrainer,
        ["/api/org/{orgid}/rapporten/voortgang.csv"] = Access.OrgTrainer,
        ["/api/org/{orgid}/rapporten/voortgang-per-module.csv"] = Access.OrgTrainer,
        ["/api/org/{orgid}/rapporten/competenties.csv"] = Access.OrgTrainer,
        ["/api/org/{orgid}/rapporten/vragen.csv"] = Access.OrgTrainer,
        ["/api/org/{orgid}/rapporten/keuzes.csv"] = Access.OrgTrainer,
        ["/org/{orgid}/werkplaats/{wsid}"] = Access.OrgTrainer,
        ["/api/org/{orgid}/werkplaats/{wsid}/concept.zip"] = Access.OrgTrainer,
        ["/api/org/{orgid}/werkplaats/{wsid}/concept/{**path}"] = Access.OrgTrainer,
        ["/api/org/{orgid}/werkplaats/{wsid}/versies/{number}.zip"] = Access.OrgTrainer,
        ["/api/org/{orgid}/competenties/beoordelingen"] = Access.OrgTrainer,
        ["/org/{orgid}/leden"] = Access.OrgAdmin,
        ["/org/{orgid}/leerrecords"] = Access.OrgAdmin,
        ["/org/{orgid}/thema"] = Access.OrgAdmin,
        ["/api/org/{orgid}/export/statements.json"] = Access.OrgAdmin,
        ["/api/org/{orgid}/export/statements.ndjson"] = Access.OrgAdmin,
        ["/api/org/{orgid}/export/voltooiing.csv"] = Access.OrgAdmin,
    };

    private sealed record Route(string Pattern, string Normalised, string Method, Endpoint Endpoint);

    [GeneratedRegex(":[a-z]+(\\([^)]*\\))?(?=\\})")]
    private static partial Regex Constraint();

    private static IReadOnlyList<Route> Routes(AppFactory app)
    {
        _ = app.CreateClient();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Where(m => m != "HEAD")
                .Select(m => new Route(e.RoutePattern.RawText!, Constraint().Replace(e.RoutePattern.RawText!.ToLowerInvariant(), string.Empty), m, e)))
            .ToList();
    }

    [Fact]
    public void EveryRouteHasAnAccessRuleAndEveryOrganisationRouteCarriesItsPolicy()
    {
        using var app = AppFactory.For("assessment-valid");
        var routes = Routes(app);

        var unclassified = routes.Select(r => r.Normalised).Distinct().Where(p => !Rules.ContainsKey(p)).ToList();
        Assert.True(unclassified.Count == 0, "Routes without an access rule: " + string.Join(", ", unclassified));
        var stale = Rules.Keys.Where(k => routes.All(r => r.Normalised != k)).ToList();
        Assert.True(stale.Count == 0, "Access rules for routes that no longer exist: " + string.Join(", ", stale));

        foreach (var route in routes)
        {
            var access = Rules[route.Normalised];
            var policies = route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            Assert.Equal(route.Normalised.Contains("{orgid}", StringComparison.Ordinal), access is Access.OrgMember or Access.OrgTrainer or Access.OrgAdmin);
            var expected = access switch
            {
                Access.OrgMember => OrganisationPolicies.Member,
                Access.OrgTrainer => OrganisationPolicies.Trainer,
                Access.OrgAdmin => OrganisationPolicies.Admin,
                Access.PlatformAdmin when route.Pattern.StartsWith("/beheer/organisaties", StringComparison.Ordinal) => OrganisationPolicies.PlatformAdmin,
                _ => null,
            };
            if (expected is not null)
            {
                Assert.True(policies.Contains(expected), $"{route.Method} {route.Pattern} should require policy {expected}, has [{string.Join(", ", policies)}]");
            }

            if (access is Access.SignedIn or Access.PlatformTrainer or Access.PlatformAdmin)
            {
                Assert.True(route.Endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null, $"{route.Method} {route.Pattern} must require a signed-in user");
            }
        }
    }

    private sealed record People(HttpClient Anonymous, HttpClient Learner, HttpClient Trainer, HttpClient Admin, HttpClient OtherAdmin, HttpClient OtherLearner);

    private static async Task<HttpClient> ClientAsync(AppFactory app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (email.Length > 0)
        {
            await client.SignInAsync(email, password);
        }

        return client;
    }

    private static string Password(string email) => DemoUserSeeder.Users.Single(u => u.Email == email).Password;

    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } location
            && (location.StartsWith("/account/inloggen", StringComparison.Ordinal) || location.StartsWith("/account/geen-toegang", StringComparison.Ordinal)
                || location.Contains("/account/inloggen", StringComparison.Ordinal) || location.Contains("/account/geen-toegang", StringComparison.Ordinal)));

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        // A well-formed xAPI request, so the statement endpoint answers on the credentials, not the missing header.
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return client.SendAsync(request);
    }

    [Fact]
    public async Task EveryOrganisationRouteRefusesOutsidersOtherOrganisationsAndLowerRoles()
    {
        using var app = AppFactory.For("assessment-valid");
        var organisation = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        var other = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        await app.CreateUserAsync("beheerder-b@example.org");
        await app.AddMemberAsync(other, await app.UserIdAsync("beheerder-b@example.org"), OrganisationRoles.Admin);
        var workspace = app.Services.GetRequiredService<WorkspaceService>();
        var trainerId = await app.UserIdAsync("trainer@leerplatform.test");
        var ws = await workspace.CreateAsync(organisation, trainerId, "Route-test", "route-test-module");
        await workspace.PublishAsync(organisation, ws, trainerId, null);

        var people = new People(
            await ClientAsync(app, string.Empty, string.Empty),
            await ClientAsync(app, "leerling@leerplatform.test", Password("leerling@leerplatform.test")),
            await ClientAsync(app, "trainer@leerplatform.test", Password("trainer@leerplatform.test")),
            await ClientAsync(app, "beheerder@leerplatform.test", Password("beheerder@leerplatform.test")),
            await ClientAsync(app, "beheerder-b@example.org", "een lang wachtwoord"),
            await ClientAsync(app, "leerling@anker.test", Password("leerling@anker.test")));

        var checkedRoutes = 0;
        foreach (var route in Routes(app).Where(r => Rules[r.Normalised] is Access.OrgMember or Access.OrgTrainer or Access.OrgAdmin))
        {
            var url = Regex.Replace(route.Pattern, "\\{(?:\\*\\*)?([A-Za-z]+)(:[a-z]+)?\\}", m => m.Groups[1].Value.ToLowerInvariant() switch
            {
                "orgid" => organisation,
                "wsid" => ws,
                "number" => "1",
                "path" => "afbeeldingen/logo.png",
                var name => throw new InvalidOperationException($"no test value for {{{name}}} in {route.Pattern}"),
            });
            var access = Rules[route.Normalised];
            var allowed = access switch { Access.OrgMember => people.Learner, Access.OrgTrainer => people.Trainer, _ => people.Admin };
            var lower = access switch { Access.OrgAdmin => new[] { people.Learner, people.Trainer }, Access.OrgTrainer => [people.Learner], _ => [] };

            foreach (var (who, client) in new[] { ("anonymous", people.Anonymous), ("admin of another organisation", people.OtherAdmin), ("learner of another organisation", people.OtherLearner) }
                         .Concat(lower.Select(c => ("lower role", c))))
            {
                var response = await CallAsync(client, route.Method, url);
                Assert.True(Refused(response), $"{route.Method} {route.Pattern} as {who}: {(int)response.StatusCode} {response.Headers.Location}");
            }

            var ok = await CallAsync(allowed, route.Method, url);
            Assert.False(Refused(ok), $"{route.Method} {route.Pattern} should let its role in: {(int)ok.StatusCode} {ok.Headers.Location}");
            Assert.True((int)ok.StatusCode < 500, $"{route.Method} {route.Pattern}: {(int)ok.StatusCode}");
            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 11, $"only {checkedRoutes} organisation routes were checked");
    }

    [Fact]
    public async Task PersonalAndPlatformRoutesRefuseCallersWithoutTheRightRole()
    {
        using var app = AppFactory.For("assessment-valid");
        await app.CreateUserAsync("beheerder-b@example.org");
        await app.AddMemberAsync(await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName), await app.UserIdAsync("beheerder-b@example.org"), OrganisationRoles.Admin);
        var anonymous = await ClientAsync(app, string.Empty, string.Empty);
        var learner = await ClientAsync(app, "leerling@leerplatform.test", Password("leerling@leerplatform.test"));
        var organisationAdmin = await ClientAsync(app, "beheerder-b@example.org", "een lang wachtwoord");

        foreach (var route in Routes(app).Where(r => Rules[r.Normalised] is Access.SignedIn or Access.PlatformTrainer or Access.PlatformAdmin or Access.XapiKey))
        {
            var url = route.Pattern.Replace("{moduleId}", "toets-module", StringComparison.Ordinal).Replace("{pageId}", "start", StringComparison.Ordinal);
            Assert.True(Refused(await CallAsync(anonymous, route.Method, url)), $"{route.Method} {route.Pattern} as anonymous");
            if (Rules[route.Normalised] is Access.PlatformTrainer or Access.PlatformAdmin)
            {
                Assert.True(Refused(await CallAsync(learner, route.Method, url)), $"{route.Method} {route.Pattern} as learner");
                // Administering an organisation gives no platform rights.
                Assert.True(Refused(await CallAsync(organisationAdmin, route.Method, url)), $"{route.Method} {route.Pattern} as organisation admin");
            }
        }
    }
}
