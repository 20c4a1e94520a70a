using System.Text.Json;
using Leerplatform.Core.Xapi;

namespace Leerplatform.Tests.Xapi;

public sealed class XapiWriterTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(Leerplatform.Testing.TestPaths.ContentFixtures, "..", "xapi", "valid", name + ".json"));

    [Fact]
    public void IdsFormatKeepsOnlyIdentifiers()
    {
        var statement = XapiJsonReader.ParseStatement(Fixture("context-full"));
        var json = XapiJsonWriter.ToJson(statement, new XapiWriteOptions(StatementFormat.Ids));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.False(root.GetProperty("actor").TryGetProperty("name", out _));
        Assert.Equal("mailto:amal@example.org", root.GetProperty("actor").GetProperty("mbox").GetString());
        Assert.False(root.GetProperty("verb").TryGetProperty("display", out _));
        Assert.False(root.GetProperty("object").TryGetProperty("definition", out _));
        // An anonymous group is identified only by its members, so ids keeps them.
        Assert.Equal(1, root.GetProperty("context").GetProperty("team").GetProperty("member").GetArrayLength());
        Assert.Empty(StatementValidator.Validate(root, XapiVersion.V1_0_3));
    }

    [Theory]
    [InlineData("en", "en", "Working with an interpreter")]
    [InlineData("nl-BE", "nl", "Werken met een tolk")]
    [InlineData("fr", "nl", "Werken met een tolk")]
    public void CanonicalFormatKeepsTheReadersLanguage(string asked, string key, string text)
    {
        var statement = XapiJsonReader.ParseStatement(Fixture("agent-mbox"));
        var json = XapiJsonWriter.ToJson(statement, new XapiWriteOptions(StatementFormat.Canonical, [asked]));
        using var document = JsonDocument.Parse(json);
        var name = document.RootElement.GetProperty("object").GetProperty("definition").GetProperty("name");
        Assert.Equal([key], name.EnumerateObject().Select(p => p.Name));
        Assert.Equal(text, name.GetProperty(key).GetString());
    }

    [Fact]
    public void A2StatementWrittenFor103KeepsContextAgentsAsExtensionsAndDropsItsVersion()
    {
        var statement = XapiJsonReader.ParseStatement(Fixture("context-agents.v2"));
        var json = XapiJsonWriter.ToJson(statement, new XapiWriteOptions(Target: XapiVersion.V1_0_3));
        using var document = JsonDocument.Parse(json);
        Assert.Empty(StatementValidator.Validate(document.RootElement, XapiVersion.V1_0_3));
        var extensions = document.RootElement.GetProperty("context").GetProperty("extensions");
        Assert.Equal("mailto:tolk@example.org", extensions.GetProperty(XapiJsonWriter.ContextAgentsExtension)[0].GetProperty("agent").GetProperty("mbox").GetString());
        Assert.Equal("Zorgteam", extensions.GetProperty(XapiJsonWriter.ContextGroupsExtension)[0].GetProperty("group").GetProperty("name").GetString());
        Assert.False(document.RootElement.TryGetProperty("version", out _));
    }

    [Fact]
    public void ForwardingLeavesOutWhatTheReceivingLrsSets()
    {
        var statement = XapiJsonReader.ParseStatement(Fixture("lrs-assigned"));
        using var document = JsonDocument.Parse(XapiJsonWriter.ToJson(statement, new XapiWriteOptions(ForForwarding: true)));
        Assert.False(document.RootElement.TryGetProperty("stored", out _));
        Assert.False(document.RootElement.TryGetProperty("authority", out _));
        Assert.False(document.RootElement.TryGetProperty("version", out _));
        Assert.Equal("2008-09-15T15:53:00.601+00:00", document.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void ABatchWithTheSameIdTwiceIsRefused()
    {
        var one = Fixture("agent-mbox");
        using var document = JsonDocument.Parse($"[{one},{one}]");
        var errors = StatementValidator.ValidateBody(document.RootElement, XapiVersion.V1_0_3);
        Assert.Equal("statements[1].id: the same id appears twice in one batch", Assert.Single(errors).ToString());
    }

    [Fact]
    public void ParsingAnInvalidStatementThrowsWithEveryPath()
    {
        var error = Assert.Throws<XapiValidationException>(() => XapiJsonReader.ParseStatement("""{"actor":{},"verb":{"id":"x"}}"""));
        Assert.Contains(error.Errors, e => e.Path == "statement.actor");
        Assert.Contains(error.Errors, e => e.Path == "statement.verb.id");
        Assert.Contains(error.Errors, e => e.Path == "statement.object");
    }
}
