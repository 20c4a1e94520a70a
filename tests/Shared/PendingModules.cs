namespace Leerplatform.Testing;

/// <summary>
/// TEMPORARY (remove at merge, with tests/Leerplatform.Tests/Fixtures/PendingModules): the managers' learning path
/// in content/leerlijnen/leidinggevenden names modules that other writers are still writing. Until they are in
/// content/modules, tests add one-page stand-ins to their copy of the real content, for missing ids only, so the
/// tests already target the real path and its real module ids.
/// </summary>
public static class PendingModules
{
    public static readonly IReadOnlyList<string> Ids = ["m2-drempels", "m9-organisatiebeleid", "m8-taalbeleid", "m7-discriminatie"];

    public static string Source => Path.Combine(TestPaths.RepoRoot, "tests", "Leerplatform.Tests", "Fixtures", "PendingModules");

    /// <summary>Copies the stand-in of every pending module the content folder lacks into its modules/ folder.</summary>
    public static void AddMissingTo(TempDirectory temp, string contentFolderName)
    {
        var modules = temp.Combine(contentFolderName, "modules");
        var present = Directory.EnumerateFiles(modules, "module.md", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Where(l => l.StartsWith("id:", StringComparison.Ordinal))
            .Select(l => l[3..].Trim().Trim('"'))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var id in Ids.Where(id => !present.Contains(id)))
        {
            // "zz-" keeps the stand-ins at the end of the catalogue, so tests that open "the second module" are unaffected.
            temp.CopyFrom(Path.Combine(Source, id), Path.Combine(contentFolderName, "modules", $"zz-tijdelijk-{id}"));
        }
    }
}
