using Leerplatform.Core.Content;
using Leerplatform.Core.Content.LearningPaths;
using Leerplatform.Testing;
using Leerplatform.Web.Services;

namespace Leerplatform.Tests.LearningPaths;

/// <summary>
/// The learning-path format (content/leerlijnen): the fixture path loads in order with rendered, sanitised
/// assignments, and every bad input is reported as file:line:col and keeps the path off the site.
/// </summary>
public sealed class LearningPathLoaderTests
{
    private const string PathFile = "leerlijnen/test-pad/leerlijn.md";

    private const string ValidPath = """
        ---
        id: test-pad
        titel: "Testleerlijn"
        samenvatting: "Twee modules met elk een opdracht erna."
        doelgroep: [leidinggevende]
        duur: 90
        stappen:
          - module: lees-een
          - opdracht: eerste
          - module: lees-twee
          - opdracht: tweede
        ---
        Een leerlijn om mee te testen.

        """;

    /// <summary>Loads a copy of the "leerlijn" fixture after writing the given files into it.</summary>
    private static ContentLibrary LoadWith(params (string RelPath, string? Text)[] files)
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "leerlijn"), "content");
        foreach (var (relPath, text) in files)
        {
            var full = Path.Combine(root, relPath);
            if (text is null)
            {
                File.Delete(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        }

        return ContentLoader.Load(root);
    }

    private static string Errors(ContentLibrary library) =>
        string.Join("\n", library.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));

    private static void AssertPathLeftOutWith(ContentLibrary library, string expected)
    {
        Assert.Contains(expected, Errors(library));
        Assert.Null(library.FindLearningPath("test-pad"));
        // The modules themselves are fine: a broken path never takes modules down.
        Assert.Equal(["lees-een", "lees-twee"], library.Modules.Select(m => m.Id));
    }

    [Fact]
    public void TheFixturePathLoadsWithItsStepsInOrderAndItsAssignmentsRendered()
    {
        var library = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "leerlijn"));

        var path = Assert.Single(library.LearningPaths);
        Assert.Equal(("test-pad", "Testleerlijn", 90, "leerlijnen/test-pad/leerlijn.md"), (path.Id, path.Title, path.DurationMinutes, path.SourcePath));
        Assert.Equal([Audience.Manager], path.Audiences);
        Assert.Equal([(1, PathStepKind.Module, "lees-een"), (2, PathStepKind.Assignment, "eerste"), (3, PathStepKind.Module, "lees-twee"), (4, PathStepKind.Assignment, "tweede")],
            path.Steps.Select(s => (s.Number, s.Kind, s.Ref)));
        Assert.Equal(["lees-een", "lees-twee"], path.ModuleIds);
        Assert.Contains("Een leerlijn om mee te testen.", path.IntroHtml);
        var first = path.FindAssignment("eerste")!;
        Assert.Equal(("Opdracht: de eerste", 30, "leerlijnen/test-pad/opdracht-eerste.md"), (first.Title, first.DurationMinutes, first.SourcePath));
        Assert.Equal(["C1"], first.Competences);
        Assert.Contains("<h2 id=\"wat-lever-je-in\">Wat lever je in?</h2>", first.Html);
        Assert.Contains("href=\"/leerlijnen/test-pad/opdracht/eerste#wat-lever-je-in\"", first.Html);
        Assert.Contains("callout-source", first.Html);
        Assert.Same(first, path.Steps[1].Assignment);
        Assert.Null(path.FindAssignment("bestaat-niet"));
    }

    [Fact]
    public void HtmlInAnAssignmentIsShownAsTextLikeOnModulePages()
    {
        var library = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "leerlijn"));

        var html = library.FindLearningPath("test-pad")!.FindAssignment("tweede")!.Html;
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains(library.Diagnostics, d => d.ToString() == "leerlijnen/test-pad/opdracht-tweede.md:7:1: warning: HTML is niet toegestaan en wordt als gewone tekst getoond; gebruik Markdown");
    }

    [Fact]
    public void AnUnknownModuleInTheStepsIsAnErrorAtItsLineAndColumn()
    {
        var library = LoadWith((PathFile, ValidPath.Replace("module: lees-twee", "module: m99-bestaat-niet")));

        AssertPathLeftOutWith(library, $"{PathFile}:10:13: error: onbekende module 'm99-bestaat-niet': er is geen module met dit id in modules/");
    }

    [Fact]
    public void AnUnknownAssignmentInTheStepsIsAnError()
    {
        var library = LoadWith((PathFile, ValidPath.Replace("opdracht: tweede", "opdracht: derde")));

        AssertPathLeftOutWith(library, $"{PathFile}:11:15: error: onbekende opdracht 'derde': maak een bestand opdracht-derde.md in leerlijnen/test-pad/");
    }

    [Fact]
    public void APathWithAnEmptyListOfStepsIsAnError()
    {
        var steps = ValidPath[ValidPath.IndexOf("stappen:", StringComparison.Ordinal)..ValidPath.LastIndexOf("---", StringComparison.Ordinal)];
        var library = LoadWith((PathFile, ValidPath.Replace(steps, "stappen: []\n")));

        AssertPathLeftOutWith(library, $"{PathFile}:7:10: error: de leerlijn heeft geen stappen");
    }

    [Fact]
    public void APathWithoutStepsIsAnError()
    {
        var steps = ValidPath[ValidPath.IndexOf("stappen:", StringComparison.Ordinal)..ValidPath.LastIndexOf("---", StringComparison.Ordinal)];
        var library = LoadWith((PathFile, ValidPath.Replace(steps, string.Empty)));

        AssertPathLeftOutWith(library, $"{PathFile}:2:1: error: verplicht veld 'stappen' ontbreekt");
    }

    [Fact]
    public void StepsThatAreNotAListAreAnError()
    {
        var steps = ValidPath[ValidPath.IndexOf("stappen:", StringComparison.Ordinal)..ValidPath.LastIndexOf("---", StringComparison.Ordinal)];
        var library = LoadWith((PathFile, ValidPath.Replace(steps, "stappen: lees-een\n")));

        AssertPathLeftOutWith(library, $"{PathFile}:7:10: error: 'stappen' moet een lijst zijn");
    }

    [Fact]
    public void AStepWithAnUnknownKindOrTwoKindsIsAnError()
    {
        var library = LoadWith((PathFile, ValidPath
            .Replace("  - module: lees-een\n", "  - video: lees-een\n")
            .Replace("  - opdracht: eerste\n", "  - opdracht: eerste\n    module: lees-een\n")));

        AssertPathLeftOutWith(library, $"{PathFile}:8:5: error: een stap is '- module: <module-id>' of '- opdracht: <naam>', met precies één van beide");
        Assert.Contains($"{PathFile}:9:5: error: een stap is", Errors(library));
    }

    [Fact]
    public void AStepListedTwiceIsAnError()
    {
        var library = LoadWith((PathFile, ValidPath.Replace("  - opdracht: tweede\n", "  - opdracht: tweede\n  - module: lees-een\n")));

        AssertPathLeftOutWith(library, $"{PathFile}:12:13: error: module 'lees-een' staat twee keer in de stappen");
    }

    [Fact]
    public void InvalidYamlIsReportedAtItsPosition()
    {
        var library = LoadWith((PathFile, ValidPath.Replace("titel: \"Testleerlijn\"", "titel: \"Testleerlijn")));

        Assert.Matches(@"leerlijnen/test-pad/leerlijn\.md:\d+:\d+: error: ongeldige YAML in front matter", Errors(library));
        Assert.Null(library.FindLearningPath("test-pad"));
    }

    [Fact]
    public void MissingFrontMatterFieldsAreErrors()
    {
        var library = LoadWith((PathFile, ValidPath.Replace("titel: \"Testleerlijn\"\n", string.Empty).Replace("duur: 90", "duur: veel")));

        AssertPathLeftOutWith(library, $"{PathFile}:2:1: error: verplicht veld 'titel' ontbreekt");
        Assert.Contains($"{PathFile}:5:7: error: 'duur' moet een geheel getal zijn", Errors(library));
    }

    [Fact]
    public void AnInvalidIdOrAudienceIsAnError()
    {
        var library = LoadWith((PathFile, ValidPath.Replace("id: test-pad", "id: Test Pad").Replace("[leidinggevende]", "[directie]")));

        Assert.Contains($"{PathFile}:2:5: error: id 'Test Pad' mag alleen kleine letters, cijfers en streepjes bevatten", Errors(library));
        Assert.Contains($"{PathFile}:5:13: error: onbekende doelgroep 'directie'", Errors(library));
        Assert.Empty(library.LearningPaths);
    }

    [Fact]
    public void AFolderWithoutLeerlijnMdIsAnError()
    {
        var library = LoadWith((PathFile, null));

        AssertPathLeftOutWith(library, "leerlijnen/test-pad:1:1: error: leerlijn.md ontbreekt");
    }

    [Fact]
    public void AnAssignmentWithoutTitleOrTextIsAnErrorAndSoIsTheStepThatNamesIt()
    {
        var library = LoadWith(("leerlijnen/test-pad/opdracht-eerste.md", "---\nduur: 30\n---\n\n"));

        AssertPathLeftOutWith(library, "leerlijnen/test-pad/opdracht-eerste.md:2:1: error: verplicht veld 'titel' ontbreekt");
        Assert.Contains("leerlijnen/test-pad/opdracht-eerste.md:4:1: error: opdracht is leeg", Errors(library));
        Assert.Contains($"{PathFile}:9:15: error: opdracht 'eerste' heeft fouten (zie leerlijnen/test-pad/opdracht-eerste.md)", Errors(library));
    }

    [Fact]
    public void AnAssignmentWithAnUnknownCompetenceIsAnError()
    {
        var library = LoadWith(("leerlijnen/test-pad/opdracht-eerste.md", "---\ntitel: Eerste\nduur: 30\ncompetenties: [C9]\n---\nDoe iets.\n"));

        AssertPathLeftOutWith(library, "leerlijnen/test-pad/opdracht-eerste.md:4:16: error: onbekende competentiecode 'C9'");
    }

    [Fact]
    public void AnAssignmentNoStepNamesIsAWarningAndStrayFilesAreIgnoredWithAWarning()
    {
        var library = LoadWith(
            ("leerlijnen/test-pad/opdracht-extra.md", "---\ntitel: Extra\nduur: 5\n---\nNog iets.\n"),
            ("leerlijnen/test-pad/notities.txt", "kladje"));

        Assert.Empty(Errors(library));
        Assert.NotNull(library.FindLearningPath("test-pad"));
        Assert.Contains(library.Diagnostics, d => d.ToString().StartsWith("leerlijnen/test-pad/opdracht-extra.md:1:1: warning: opdracht 'extra' staat in geen enkele stap", StringComparison.Ordinal));
        Assert.Contains(library.Diagnostics, d => d.ToString().StartsWith("leerlijnen/test-pad/notities.txt:1:1: warning: bestand wordt genegeerd", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoPathsWithTheSameIdAreBothLeftOut()
    {
        var library = LoadWith(
            ("leerlijnen/kopie/leerlijn.md", ValidPath.Replace("  - opdracht: eerste\n", string.Empty).Replace("  - opdracht: tweede\n", string.Empty)));

        Assert.Contains("leerlijnen/kopie/leerlijn.md:2:1: error: leerlijn-id 'test-pad' wordt ook gebruikt door leerlijnen/test-pad/leerlijn.md", Errors(library));
        Assert.Contains($"{PathFile}:2:1: error: leerlijn-id 'test-pad' wordt ook gebruikt door leerlijnen/kopie/leerlijn.md", Errors(library));
        Assert.Empty(library.LearningPaths);
    }

    [Fact]
    public void CheckReportsPathProblemsWithFileLineAndColumnAndFails()
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "leerlijn"), "content");
        File.WriteAllText(Path.Combine(root, PathFile), ValidPath.Replace("module: lees-twee", "module: m99-bestaat-niet"));
        var output = new StringWriter();

        var exitCode = ContentCheckCommand.Run([root], output);

        Assert.Equal(1, exitCode);
        Assert.Contains("content/leerlijnen/test-pad/leerlijn.md:10:13: error: onbekende module 'm99-bestaat-niet'", output.ToString());
    }

    [Fact]
    public void TheRealManagersPathMirrorsTheCoachingTrajectoryAndEveryAssignmentCitesItsSources()
    {
        var library = ContentLoader.Load(TestPaths.RealContent);

        var path = library.FindLearningPath("leidinggevenden");
        Assert.True(path is not null, Errors(library));
        Assert.Equal(
            ["module:m2-drempels", "opdracht:quick-scan", "module:m9-organisatiebeleid", "opdracht:talenregister",
             "module:m8-taalbeleid", "opdracht:actieplan-bespreken", "module:m7-discriminatie", "opdracht:engagement-en-evaluatie"],
            path.Steps.Select(s => s.Key));
        Assert.Equal([Audience.Manager], path.Audiences);
        Assert.All(path.Steps.Where(s => s.Assignment is not null), s => Assert.Contains("callout-source", s.Assignment!.Html));
        // Assignments cite the Bibliotheek like module pages do, and count as citing pages there.
        Assert.All(path.Steps.Where(s => s.Assignment is not null), s => Assert.Contains("href=\"/bibliotheek#bron-", s.Assignment!.Html));
        Assert.Contains(library.Sources.Sources, source => library.Sources.CitationsOf(source.Id).Any(c => c.ModuleId == "leidinggevenden"));
        Assert.Contains("callout-source", path.IntroHtml);
    }
}
