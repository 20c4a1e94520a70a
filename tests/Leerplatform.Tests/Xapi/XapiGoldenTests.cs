using System.Text.Json;
using Leerplatform.Core.Xapi;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;

namespace Leerplatform.Tests.Xapi;

/// <summary>
/// Golden fixtures for every xAPI object type: each valid file must validate (in the versions its name allows:
/// ".v1" = 1.0.3 only, ".v2" = 2.0.0 only) and round-trip to exactly the same JSON; each invalid file must
/// produce exactly the errors in its ".expected.txt" (paths and messages).
/// </summary>
public sealed class XapiGoldenTests
{
    private static string Folder(string kind) => Path.Combine(TestPaths.ContentFixtures, "..", "xapi", kind);

    public static TheoryData<string> Valid() => Names("valid");

    public static TheoryData<string> Invalid() => Names("invalid");

    private static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder(kind), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    private static IEnumerable<XapiVersion> VersionsFor(string name) =>
        name.EndsWith(".v1", StringComparison.Ordinal) ? [XapiVersion.V1_0_3]
        : name.EndsWith(".v2", StringComparison.Ordinal) ? [XapiVersion.V2_0_0]
        : [XapiVersion.V1_0_3, XapiVersion.V2_0_0];

    [Theory]
    [MemberData(nameof(Valid))]
    public void AValidFixtureValidatesAndRoundTripsExactly(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder("valid"), name + ".json"));
        using var document = JsonDocument.Parse(text);
        foreach (var version in VersionsFor(name))
        {
            Assert.Empty(StatementValidator.Validate(document.RootElement, version));
        }

        var statement = XapiJsonReader.ReadStatement(document.RootElement);
        var written = XapiJsonWriter.ToJson(statement);
        Assert.Equal(Compact(text), written);

        // Writing what was read back is stable too (no drift over repeated forwarding).
        Assert.Equal(written, XapiJsonWriter.ToJson(XapiJsonReader.ParseStatement(written)));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidFixtureReportsEachErrorWithItsPath(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder("invalid"), name + ".json")));
        var lines = new List<string>();
        foreach (var version in VersionsFor(name))
        {
            var errors = StatementValidator.ValidateBody(document.RootElement, version);
            Assert.NotEmpty(errors);
            lines.Add($"# {version.ToText()}");
            lines.AddRange(errors.Select(e => e.ToString()));
        }

        Golden.AssertMatches(Path.Combine("..", "xapi", "invalid", name + ".expected.txt"), string.Join("\n", lines) + "\n");
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, XapiJsonWriter.WriterOptions))
        {
            document.RootElement.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
