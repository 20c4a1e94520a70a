using System.Net;
using System.Text.Json;
using Leerplatform.Testing;

namespace Leerplatform.Tests.Interop;

/// <summary>
/// Proves the third-party xAPI harness (tests/interop) itself: the independent client passes against the reference
/// LRS xapi-statements, the independent validator tells good statements from bad ones, and the external LRS can
/// go down and come back on its port.
/// </summary>
public sealed class InteropHarnessTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task IndependentClientPassesAgainstTheExternalReferenceLrs()
    {
        await using var lrs = await ExternalLrs.StartAsync();

        var result = await NodeInterop.RunAsync("client.js", [lrs.Endpoint.ToString(), "interop", "secret"], ScriptTimeout);

        Assert.True(result.ExitCode == 0, $"{result}\n--- lrs stderr\n{lrs.StandardError}");
        using var report = JsonDocument.Parse(result.StandardOutput);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        var steps = report.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, step => Assert.True(step.GetProperty("ok").GetBoolean(), step.ToString()));
        var names = steps.Select(step => step.GetProperty("name").GetString()).ToList();
        Assert.Equal(
            ["about", "sendStatements", "getStatement", "getStatements activity", "getStatements verb+activity",
             "getStatements agent", "getStatements registration", "getStatements since/until", "getStatements ascending",
             "getStatements limit=2 + more", "getStatements limit=2 + more ascending", "getStatements format=ids", "voidStatement"],
            names);
    }

    [Fact]
    public async Task IndependentClientFailsClearlyWhenNoLrsAnswers()
    {
        await using var lrs = await ExternalLrs.StartAsync();
        lrs.Stop();

        var result = await NodeInterop.RunAsync("client.js", [lrs.Endpoint.ToString(), "interop", "secret"], ScriptTimeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("step \"about\" failed", result.StandardError, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.StandardOutput);
        Assert.False(report.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task ValidatorAcceptsValidStatementsAndReportsWhatIsWrongWithInvalidOnes()
    {
        using var temp = new TempDirectory("leerplatform-interop");
        var good = temp.Combine("good.json");
        await File.WriteAllTextAsync(good, $$$"""
            [
              {"id":"{{{Guid.NewGuid()}}}","actor":{"objectType":"Agent","name":"Fatima","mbox":"mailto:fatima@example.org"},
               "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"nl-NL":"voltooide"}},
               "object":{"objectType":"Activity","id":"https://example.org/modules/taalbarrieres"},
               "result":{"completion":true,"score":{"scaled":0.8},"duration":"PT12M"},
               "timestamp":"2026-11-30T10:00:00.000Z"},
              {"actor":{"account":{"homePage":"https://leerplatform.example.org","name":"42"}},
               "verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},
               "object":{"id":"https://example.org/modules/taalbarrieres/01"}}
            ]
            """);
        var bad = temp.Combine("bad.json");
        var badId = Guid.NewGuid().ToString();
        await File.WriteAllTextAsync(bad, $$$"""
            [
              {"actor":{"mbox":"mailto:ok@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},
               "object":{"id":"https://example.org/a"}},
              {"id":"{{{badId}}}","actor":{"mbox":"fatima@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
               "object":{"id":"https://example.org/a"},"result":{"score":{"scaled":1.5}},"timestamp":"gisteren"}
            ]
            """);

        var valid = await NodeInterop.RunAsync("validate.js", [good], ScriptTimeout);
        var invalid = await NodeInterop.RunAsync("validate.js", [bad], ScriptTimeout);
        var notAnArray = await NodeInterop.RunAsync("validate.js", [temp.Combine("missing.json")], ScriptTimeout);

        Assert.True(valid.ExitCode == 0, valid.ToString());
        using (var report = JsonDocument.Parse(valid.StandardOutput))
        {
            Assert.Equal(2, report.RootElement.GetProperty("count").GetInt32());
            Assert.Empty(report.RootElement.GetProperty("invalid").EnumerateArray());
        }

        Assert.True(invalid.ExitCode == 1, invalid.ToString());
        using (var report = JsonDocument.Parse(invalid.StandardOutput))
        {
            var entry = Assert.Single(report.RootElement.GetProperty("invalid").EnumerateArray());
            Assert.Equal(1, entry.GetProperty("index").GetInt32());
            Assert.Equal(badId, entry.GetProperty("id").GetString());
            var paths = entry.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("path").GetString()).ToList();
            Assert.Contains("statement.actor.mbox", paths);
            Assert.Contains("statement.result.score.scaled", paths);
            Assert.Contains("statement.timestamp", paths);
        }

        Assert.Equal(2, notAnArray.ExitCode);
    }

    [Fact]
    public async Task ExternalLrsGoesDownAndComesBackEmptyOnTheSamePort()
    {
        await using var lrs = await ExternalLrs.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        var about = new Uri(lrs.Endpoint, "about");
        var statements = new Uri(lrs.Endpoint, "statements");
        Assert.Equal("127.0.0.1", lrs.Endpoint.Host);
        var stored = await http.PostAsync(statements, new StringContent(
            """{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.org/a"}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(1, await CountStatementsAsync(http, statements));

        lrs.Stop();
        Assert.False(lrs.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(about));

        await lrs.StartAgainAsync();
        Assert.True(lrs.IsRunning);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(about)).StatusCode);
        Assert.Equal(0, await CountStatementsAsync(http, statements)); // in memory only: a restart starts empty
    }

    private static async Task<int> CountStatementsAsync(HttpClient http, Uri statements)
    {
        using var result = JsonDocument.Parse(await http.GetStringAsync(statements));
        return result.RootElement.GetProperty("statements").GetArrayLength();
    }
}
