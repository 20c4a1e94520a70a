using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leerplatform.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Tests.Integration;

/// <summary>The statement endpoint under /xapi/: storing, reading, filtering, voiding, keys and every bad input we name.</summary>
public sealed class XapiEndpointTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _app;

    public XapiEndpointTests(AppFactory app) => _app = app;

    private static string Statement(Guid? id = null, string verb = "http://adlnet.gov/expapi/verbs/experienced", string activity = "https://example.org/a/1",
        string mbox = "mailto:learner@example.org", string? registration = null, string extra = "") =>
        $$"""
        {{{(id is null ? "" : $"\"id\":\"{id}\",")}}"actor":{"mbox":"{{mbox}}"},"verb":{"id":"{{verb}}"},"object":{"id":"{{activity}}"}{{(registration is null ? "" : $",\"context\":{{\"registration\":\"{registration}\"}}")}}{{extra}}}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpClient> WriterAsync(string name = "Org")
    {
        var (_, key, secret) = await _app.CreateOrganisationAsync(name + Guid.NewGuid().ToString("N")[..6]);
        return _app.XapiClient(key, secret);
    }

    [Fact]
    public async Task AboutListsBothVersionsWithoutCredentials()
    {
        var response = await _app.CreateClient().GetAsync("/xapi/about");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["1.0.3", "2.0.0"], body.RootElement.GetProperty("version").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task AStatementPostedIsReadBackCompletedByTheLrs()
    {
        var client = await WriterAsync();
        var id = Guid.NewGuid();
        var post = await client.PostAsync("/xapi/statements", Json(Statement(id)));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal([id.ToString()], (await post.Content.ReadFromJsonAsync<string[]>())!);
        Assert.Equal("1.0.3", post.Headers.GetValues("X-Experience-API-Version").Single());

        var get = await client.GetAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.NotNull(get.Content.Headers.LastModified);
        Assert.True(get.Headers.Contains("X-Experience-API-Consistent-Through"));
        using var statement = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        var root = statement.RootElement;
        Assert.Equal(id.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("1.0.3", root.GetProperty("version").GetString());
        Assert.True(root.TryGetProperty("stored", out _));
        Assert.True(root.TryGetProperty("timestamp", out _));
        Assert.Equal("Agent", root.GetProperty("authority").GetProperty("objectType").GetString());
    }

    [Fact]
    public async Task FiltersAndPagingReturnEachMatchingStatementOnceInStoredOrder()
    {
        var client = await WriterAsync();
        var registration = Guid.NewGuid().ToString();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/xapi/statements", Json(Statement(registration: registration,
                verb: i == 4 ? "http://adlnet.gov/expapi/verbs/completed" : "http://adlnet.gov/expapi/verbs/experienced",
                activity: $"https://example.org/filter/{(i % 2 == 0 ? "even" : "odd")}")));
            ids.AddRange((await response.Content.ReadFromJsonAsync<string[]>())!);
        }

        var seen = new List<string>();
        var url = $"/xapi/statements?registration={registration}&limit=2&ascending=true";
        var pages = 0;
        while (!string.IsNullOrEmpty(url))
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(url));
            seen.AddRange(page.RootElement.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            url = page.RootElement.GetProperty("more").GetString();
            pages++;
        }

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);

        async Task<int> CountAsync(string query)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync("/xapi/statements?" + query));
            return page.RootElement.GetProperty("statements").GetArrayLength();
        }

        Assert.Equal(1, await CountAsync($"registration={registration}&verb={Uri.EscapeDataString("http://adlnet.gov/expapi/verbs/completed")}"));
        Assert.Equal(3, await CountAsync($"registration={registration}&activity={Uri.EscapeDataString("https://example.org/filter/even")}"));
        Assert.Equal(5, await CountAsync($"registration={registration}&agent={Uri.EscapeDataString("{\"mbox\":\"mailto:learner@example.org\"}")}"));
        Assert.Equal(0, await CountAsync($"registration={registration}&agent={Uri.EscapeDataString("{\"mbox\":\"mailto:someone-else@example.org\"}")}"));
    }

    [Fact]
    public async Task AVoidedStatementIsOnlyFoundAsVoided()
    {
        var client = await WriterAsync();
        var target = Guid.NewGuid();
        await client.PostAsync("/xapi/statements", Json(Statement(target)));
        var voiding = await client.PostAsync("/xapi/statements", Json($$$"""
            {"actor":{"mbox":"mailto:admin@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"{{{target}}}"}}
            """));
        Assert.Equal(HttpStatusCode.OK, voiding.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/xapi/statements?statementId={target}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/xapi/statements?voidedStatementId={target}")).StatusCode);
        using var list = JsonDocument.Parse(await client.GetStringAsync("/xapi/statements"));
        Assert.DoesNotContain(list.RootElement.GetProperty("statements").EnumerateArray(), s => s.GetProperty("id").GetString() == target.ToString());
    }

    [Fact]
    public async Task EachKeySeesOnlyItsOrganisationsStatements()
    {
        var first = await WriterAsync("Eerste");
        var second = await WriterAsync("Tweede");
        var id = Guid.NewGuid();
        await first.PostAsync("/xapi/statements", Json(Statement(id)));

        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/xapi/statements?statementId={id}")).StatusCode);
        using var list = JsonDocument.Parse(await second.GetStringAsync("/xapi/statements"));
        Assert.Equal(0, list.RootElement.GetProperty("statements").GetArrayLength());

        // The same id in another organisation is that organisation's own statement, not a conflict.
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/xapi/statements", Json(Statement(id, verb: "http://adlnet.gov/expapi/verbs/completed")))).StatusCode);
    }

    [Fact]
    public async Task ResendingAStatementIsHarmlessButChangingItIsAConflict()
    {
        var client = await WriterAsync();
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/xapi/statements", Json(Statement(id)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/xapi/statements", Json(Statement(id)))).StatusCode);
        var conflict = await client.PostAsync("/xapi/statements", Json(Statement(id, verb: "http://adlnet.gov/expapi/verbs/completed")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("already exists with different content", await conflict.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/xapi/statements?statementId={Guid.NewGuid()}", Json(Statement()))).StatusCode);
    }

    [Fact]
    public async Task ABatchWithOneBadStatementStoresNothing()
    {
        var client = await WriterAsync();
        var good = Guid.NewGuid();
        var response = await client.PostAsync("/xapi/statements", Json($"[{Statement(good)},{Statement(verb: "not an iri")}]"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("statements[1].verb.id", error.RootElement.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/xapi/statements?statementId={good}")).StatusCode);
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "malformed JSON", """{"actor": {"mbox": "mailto:a@example.org"},""", "malformed JSON at line 1" },
        { "wrong type", Statement(extra: ",\"result\":{\"success\":\"yes\"}"), "statement.result.success" },
        { "unknown property", Statement(extra: ",\"colour\":\"blue\""), "statement.colour" },
        { "invalid IRI", Statement(activity: "geen iri"), "statement.object.id" },
        { "invalid UUID", Statement(registration: "poging-1"), "statement.context.registration" },
        { "invalid duration", Statement(extra: ",\"result\":{\"duration\":\"10 minuten\"}"), "statement.result.duration" },
        { "invalid timestamp", Statement(extra: ",\"timestamp\":\"2026-11-30T10:00:00-00:00\""), "statement.timestamp" },
        { "invalid mbox", Statement(mbox: "learner@example.org"), "statement.actor.mbox" },
        { "empty batch", "[]", "no statements" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadStatementIsRefusedWith400AndItsReason(string because, string body, string reason)
    {
        var client = await WriterAsync();
        var response = await client.PostAsync("/xapi/statements", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, because);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPropertiesAreRefusedUnder2AsWell()
    {
        var (_, key, secret) = await _app.CreateOrganisationAsync("V2");
        var client = _app.XapiClient(key, secret, "2.0.0");
        var response = await client.PostAsync("/xapi/statements", Json(Statement(extra: ",\"colour\":\"blue\"")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("2.0.0", response.Headers.GetValues("X-Experience-API-Version").Single());
        var ok = await client.PostAsync("/xapi/statements", Json(Statement(extra: ",\"context\":{\"contextAgents\":[{\"objectType\":\"contextAgent\",\"agent\":{\"mbox\":\"mailto:t@example.org\"}}]}")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A2StatementReadBackBy103ClientKeepsItsContextAgentsAsExtensions()
    {
        var (_, key, secret) = await _app.CreateOrganisationAsync("Gemengd");
        var id = Guid.NewGuid();
        var posted = await _app.XapiClient(key, secret, "2.0.0").PostAsync("/xapi/statements",
            Json(Statement(id, extra: ",\"context\":{\"contextAgents\":[{\"objectType\":\"contextAgent\",\"agent\":{\"mbox\":\"mailto:tolk@example.org\"}}]}")));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var as2 = JsonDocument.Parse(await _app.XapiClient(key, secret, "2.0.0").GetStringAsync($"/xapi/statements?statementId={id}"));
        Assert.Equal("2.0.0", as2.RootElement.GetProperty("version").GetString());
        Assert.True(as2.RootElement.GetProperty("context").TryGetProperty("contextAgents", out _));

        using var as1 = JsonDocument.Parse(await _app.XapiClient(key, secret, "1.0.3").GetStringAsync($"/xapi/statements?statementId={id}"));
        Assert.Empty(Leerplatform.Core.Xapi.StatementValidator.Validate(as1.RootElement, Leerplatform.Core.Xapi.XapiVersion.V1_0_3));
        Assert.Equal("mailto:tolk@example.org", as1.RootElement.GetProperty("context").GetProperty("extensions")
            .GetProperty(Leerplatform.Core.Xapi.XapiJsonWriter.ContextAgentsExtension)[0].GetProperty("agent").GetProperty("mbox").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest, "header is missing")]
    [InlineData("0.95", HttpStatusCode.BadRequest, "not a supported version")]
    [InlineData("3.0.0", HttpStatusCode.BadRequest, "not a supported version")]
    public async Task AMissingOrWrongVersionHeaderIsRefused(string? version, HttpStatusCode status, string reason)
    {
        var (_, key, secret) = await _app.CreateOrganisationAsync("Versie");
        var response = await _app.XapiClient(key, secret, version).GetAsync("/xapi/statements");
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingWrongOrRevokedCredentialsAreRefusedAndReadOnlyKeysCannotWrite()
    {
        var anonymous = _app.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        var missing = await anonymous.GetAsync("/xapi/statements");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("Basic", missing.Headers.WwwAuthenticate.ToString());

        var (organisation, key, secret) = await _app.CreateOrganisationAsync("Sleutels", canWrite: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.XapiClient(key, secret + "x").GetAsync("/xapi/statements")).StatusCode);
        var reader = _app.XapiClient(key, secret);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/xapi/statements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/xapi/statements", Json(Statement()))).StatusCode);

        var credentials = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Leerplatform.Web.Services.Xapi.XapiCredentials>(_app.Services);
        Assert.True(await credentials.RevokeAsync(organisation, key));
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/xapi/statements")).StatusCode);
    }

    [Theory]
    [InlineData("since=gisteren", "since")]
    [InlineData("registration=12", "registration")]
    [InlineData("verb=experienced", "verb")]
    [InlineData("agent=%7Bmbox", "agent parameter is not valid JSON")]
    [InlineData("agent=%7B%22name%22%3A%22x%22%7D", "agent parameter")]
    [InlineData("limit=-1", "limit")]
    [InlineData("format=pretty", "format")]
    [InlineData("ascending=ja", "ascending")]
    [InlineData("kleur=blauw", "unknown parameter 'kleur'")]
    [InlineData("statementId=3e1f6c4a-9b2d-4e8f-a1c3-5d7e9f0b2a4c&verb=http%3A%2F%2Fx", "can only be combined")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("method=PUT", "alternate request syntax")]
    public async Task ABadQueryIsRefusedWith400AndItsReason(string query, string reason)
    {
        var client = await WriterAsync();
        var response = await client.GetAsync("/xapi/statements?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOversizeBodyIsRefusedWith413AndAttachmentPayloadsWith400()
    {
        var client = await WriterAsync();
        var huge = Statement(extra: ",\"result\":{\"response\":\"" + new string('x', 5 * 1024 * 1024) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/xapi/statements", Json(huge))).StatusCode);

        var multipart = new MultipartContent("mixed");
        multipart.Add(Json(Statement()));
        var response = await client.PostAsync("/xapi/statements", multipart);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fileUrl", await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/xapi/statements", new StringContent(Statement(), Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task IdsAndCanonicalFormatsAndMultipartReadsWork()
    {
        var client = await WriterAsync();
        var id = Guid.NewGuid();
        await client.PostAsync("/xapi/statements", Json($$$"""
            {"id":"{{{id}}}","actor":{"name":"Amal","mbox":"mailto:amal@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced","display":{"nl":"bekeken","en":"experienced"}},"object":{"id":"https://example.org/x"}}
            """));
        using (var ids = JsonDocument.Parse(await client.GetStringAsync($"/xapi/statements?statementId={id}&format=ids")))
        {
            Assert.False(ids.RootElement.GetProperty("actor").TryGetProperty("name", out _));
            Assert.False(ids.RootElement.GetProperty("verb").TryGetProperty("display", out _));
        }

        var request = new HttpRequestMessage(HttpMethod.Get, $"/xapi/statements?statementId={id}&format=canonical");
        request.Headers.AcceptLanguage.ParseAdd("en");
        using (var canonical = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync()))
        {
            Assert.Equal(["en"], canonical.RootElement.GetProperty("verb").GetProperty("display").EnumerateObject().Select(p => p.Name));
        }

        var multipart = await client.GetAsync($"/xapi/statements?statementId={id}&attachments=true");
        Assert.Equal("multipart/mixed", multipart.Content.Headers.ContentType!.MediaType);
        Assert.Contains(id.ToString(), await multipart.Content.ReadAsStringAsync());
    }
}
