using Leerplatform.Core.Content;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;

namespace Leerplatform.Tests.Content;

/// <summary>
/// Every construct and every bad input of the content format has a fixture tree; the diagnostics the loader
/// reports for it are pinned in a golden file (the same lines `check` prints).
/// </summary>
public sealed class ContentFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(TestPaths.ContentFixtures).Where(d => !d.EndsWith(".expected", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DiagnosticsMatchTheGoldenFile(string fixture)
    {
        var library = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, fixture));

        var lines = library.Diagnostics
            .OrderBy(d => d.Path, NaturalStringComparer.Instance).ThenBy(d => d.Line).ThenBy(d => d.Column)
            .Select(d => d.ToString() + "\n");
        Golden.AssertMatches($"{fixture}.expected.txt", string.Concat(lines));
    }

    [Fact]
    public void ValidFixtureLoadsEveryModuleWithoutDiagnostics()
    {
        var library = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "valid"));

        Assert.Empty(library.Diagnostics);
        Assert.Equal(["basis-module", "english-module"], library.Modules.Select(m => m.Id));
        var basis = library.FindModule("basis-module")!;
        Assert.Equal(["inleiding", "tabellen"], basis.Pages.Select(p => p.Id));
        Assert.Equal("Inleiding", basis.Pages[0].Title);
        Assert.Equal("Tabellen en kaders", basis.Pages[1].Title);
        Assert.Equal(15, basis.Metadata.DurationMinutes);
        Assert.Equal([Audience.Professional], basis.Metadata.Audiences);
        Assert.Equal(["C1", "C4"], basis.Metadata.Competences);
        Assert.Equal(["Redactie"], basis.Metadata.Authors);
        Assert.Equal(2, library.Competences.Count);
        Assert.Equal("Benoemt eigen normen en waarden.", library.FindCompetence("C1")!.Levels!.Basis);
        Assert.Null(library.FindCompetence("C4")!.Levels);
    }

    [Fact]
    public void EveryPageOfTheValidFixtureRendersAsItsGoldenHtml()
    {
        var library = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "valid"));

        foreach (var module in library.Modules)
        {
            Golden.AssertMatches($"valid.expected/{module.Id}/module.html", module.IntroHtml);
            foreach (var page in module.Pages)
            {
                Golden.AssertMatches($"valid.expected/{module.Id}/{page.Id}.html", page.Html);
            }
        }
    }

    [Fact]
    public void ModulesWithErrorsAreSkippedAndTheRestStillLoads()
    {
        var library = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "missing-image"));

        Assert.Equal(["ander"], library.Modules.Select(m => m.Id));
        var skipped = Assert.Single(library.Skipped);
        Assert.Equal("beeld", skipped.ModuleId);
        Assert.Equal(4, skipped.Errors.Count);
    }

    [Fact]
    public void AFileOverOneMegabyteIsReportedAndItsModuleSkipped()
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "valid"), "content");
        var big = Path.Combine(root, "modules", "basis", "03-te-groot.md");
        File.WriteAllText(big, "# Te groot\n\n" + new string('x', 1024 * 1024 + 10));
        var image = Path.Combine(root, "modules", "engels", "groot.png");
        File.WriteAllBytes(image, new byte[1024 * 1024 + 1]);

        var library = ContentLoader.Load(root);

        Assert.Equal(
            [
                "modules/basis/03-te-groot.md:1:1: error: bestand is te groot (1.0 MB); het maximum is 1 MB",
                "modules/engels/groot.png:1:1: error: bestand is te groot (1.0 MB); het maximum is 1 MB",
            ],
            library.Diagnostics.Select(d => d.ToString().Replace(',', '.')).Order(StringComparer.Ordinal));
        Assert.Empty(library.Modules);
    }

    [Fact]
    public void AMissingContentFolderGivesOneErrorInsteadOfAnException()
    {
        var library = ContentLoader.Load(Path.Combine(Path.GetTempPath(), $"bestaat-niet-{Guid.NewGuid():N}"));

        var diagnostic = Assert.Single(library.Diagnostics);
        Assert.True(diagnostic.IsError);
        Assert.Contains("bestaat niet", diagnostic.Message);
        Assert.Empty(library.Modules);
    }

    [Fact]
    public void ModulesAreOrderedNaturallyByFolderName()
    {
        using var temp = new TempDirectory();
        GeneratedContent.Write(temp.Path, modules: 12, pagesPerModule: 2);

        var library = ContentLoader.Load(temp.Path);

        Assert.DoesNotContain(library.Diagnostics, d => d.IsError);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"gen-{i:000}"), library.Modules.Select(m => m.Id));
    }

    [Fact]
    public void TheContentHashChangesWhenAnyFileOfTheModuleChanges()
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "valid"), "content");
        var before = ContentLoader.Load(root).FindModule("basis-module")!.ContentHash;

        File.AppendAllText(Path.Combine(root, "modules", "basis", "afbeeldingen", "topoi.svg"), "\n");
        var after = ContentLoader.Load(root).FindModule("basis-module")!.ContentHash;

        Assert.NotEqual(before, after);
        Assert.Equal(64, after.Length);
    }
}
