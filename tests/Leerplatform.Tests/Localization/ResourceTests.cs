using System.Text.RegularExpressions;
using System.Xml.Linq;
using Leerplatform.Testing;

namespace Leerplatform.Tests.Localization;

/// <summary>Every UI string exists in Dutch and English, and every key the code asks for exists.</summary>
public sealed partial class ResourceTests
{
    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(TestPaths.WebProject, "Resources", file))
            .Root!.Elements("data")
            .ToDictionary(e => e.Attribute("name")!.Value, e => e.Element("value")!.Value);

    [Fact]
    public void DutchAndEnglishHaveTheSameKeysAndNoEmptyValues()
    {
        var dutch = Load("SharedResource.resx");
        var english = Load("SharedResource.en.resx");

        Assert.Equal(dutch.Keys.Order(), english.Keys.Order());
        Assert.DoesNotContain(dutch, kv => string.IsNullOrWhiteSpace(kv.Value));
        Assert.DoesNotContain(english, kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void PlaceholdersMatchBetweenLanguages()
    {
        var dutch = Load("SharedResource.resx");
        var english = Load("SharedResource.en.resx");

        foreach (var (key, value) in dutch)
        {
            Assert.True(Placeholders(value).SetEquals(Placeholders(english[key])), $"placeholders differ for {key}");
        }
    }

    [Fact]
    public void EveryKeyUsedInTheCodeExists()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(TestPaths.WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, u => Assert.True(keys.Contains(u.Key), $"{u.File} uses missing resource key '{u.Key}'"));
    }

    /// <summary>Keys the code builds at run time (from enum values or counts), which the scan above cannot see.</summary>
    [Fact]
    public void EveryKeyBuiltAtRunTimeExists()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet();
        var built = Enum.GetNames<Leerplatform.Core.Assessment.Outcome>().Select(o => $"Outcome_{o}")
            .Concat(Enum.GetNames<Leerplatform.Core.Content.Audience>().Select(a => $"Audience_{a}"))
            .Concat(new[] { 1, 2, 3 }.SelectMany(c => new[] { $"Certainty_{c}", $"Certainty_Cbm{c}" }))
            .Concat(new[] { "MyLearning_ToDoPages", "MyLearning_ToDoQuizzes", "MyLearning_ToDoCases" }.SelectMany(k => new[] { $"{k}_One", $"{k}_Many" }))
            .Concat(AssessmentCodes().Select(code => $"Assessment_{code}"))
            .Concat(Enum.GetNames<Leerplatform.Core.Competency.ProficiencyLevel>().Select(l => $"Level_{l}"))
            .Concat(Enum.GetNames<Leerplatform.Core.Competency.Confidence>().Select(c => $"Confidence_{c}"))
            .Concat(Enum.GetNames<Leerplatform.Core.Competency.EvidenceKind>().Select(k => $"EvidenceKind_{k}"));

        Assert.All(built, key => Assert.True(keys.Contains(key), $"missing resource key '{key}'"));
    }

    /// <summary>Every code thrown with an AssessmentException anywhere in src/.</summary>
    private static IEnumerable<string> AssessmentCodes() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => AssessmentCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct();

    [GeneratedRegex(@"new AssessmentException\(""([A-Za-z]+)""")]
    private static partial Regex AssessmentCode();

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\b[Ll]\[""([A-Za-z_]+)""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
