using System.Net;
using System.Net.Http.Json;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

public sealed class ProgressApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient NewClient() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("GET", "/api/voortgang")]
    [InlineData("GET", "/api/voortgang/basis-module")]
    [InlineData("PUT", "/api/voortgang/basis-module/paginas/inleiding")]
    public async Task AnonymousCallsAreRefusedWith401(string method, string url)
    {
        var response = await NewClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Niet ingelogd", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALearnerRecordsPagesAndCompletesTheModuleOnTheLastUnseenPage()
    {
        var client = NewClient();
        await client.RegisterAsync("Lotte", $"lotte-{Guid.NewGuid():N}@example.org", "een lange zin als wachtwoord");

        var first = await (await client.PutAsync("/api/voortgang/basis-module/paginas/inleiding", null)).Content.ReadFromJsonAsync<ModuleProgressView>();
        var second = await (await client.PutAsync("/api/voortgang/basis-module/paginas/tabellen", null)).Content.ReadFromJsonAsync<ModuleProgressView>();
        var listed = await client.GetFromJsonAsync<List<ModuleProgressView>>("/api/voortgang");

        Assert.Equal((1, 2, false), (first!.PagesViewed, first.PagesTotal, first.IsCompleted));
        Assert.Equal((2, "tabellen", true), (second!.PagesViewed, second.CurrentPageId, second.IsCompleted));
        Assert.Equal("basis-module", Assert.Single(listed!).ModuleId);
    }

    [Fact]
    public async Task ALearnerCannotReadOrChangeAnotherLearnersProgress()
    {
        var alice = NewClient();
        var aliceEmail = $"alice-{Guid.NewGuid():N}@example.org";
        await alice.RegisterAsync("Alice", aliceEmail, "alice heeft een wachtwoord");
        var bob = NewClient();
        await bob.RegisterAsync("Bob", $"bob-{Guid.NewGuid():N}@example.org", "bob heeft er ook een");
        (await alice.PutAsync("/api/voortgang/basis-module/paginas/inleiding", null)).EnsureSuccessStatusCode();
        var aliceId = await UserIdAsync(aliceEmail);

        // Bob sees nothing of Alice's, whatever he puts in the URL.
        Assert.Empty((await bob.GetFromJsonAsync<List<ModuleProgressView>>("/api/voortgang"))!);
        Assert.Empty((await bob.GetFromJsonAsync<List<ModuleProgressView>>($"/api/voortgang?userId={aliceId}"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/api/voortgang/basis-module")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/voortgang/{aliceId}")).StatusCode);

        // Bob's writes only ever create his own record.
        (await bob.PutAsync($"/api/voortgang/basis-module/paginas/tabellen?userId={aliceId}", null)).EnsureSuccessStatusCode();
        var alices = await alice.GetFromJsonAsync<ModuleProgressView>("/api/voortgang/basis-module");
        Assert.Equal(["inleiding"], alices!.ViewedPageIds);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();
        var rows = await db.ModuleProgress.Include(p => p.PageViews).Where(p => p.ModuleId == "basis-module").ToListAsync();
        Assert.Equal(["inleiding"], rows.Single(r => r.UserId == aliceId).PageViews.Select(v => v.PageId));
    }

    [Theory]
    [InlineData("/api/voortgang/bestaat-niet/paginas/inleiding", "Module niet gevonden")]
    [InlineData("/api/voortgang/basis-module/paginas/bestaat-niet", "Pagina niet gevonden")]
    public async Task UnknownModulesOrPagesGive404WithAReason(string url, string title)
    {
        var client = NewClient();
        await client.RegisterAsync("Kim", $"kim-{Guid.NewGuid():N}@example.org", "kim kiest een zin");

        var response = await client.PutAsync(url, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(title, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> UserIdAsync(string email)
    {
        // The API never exposes user ids; the test reads one to try it as an attack parameter.
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }
}
