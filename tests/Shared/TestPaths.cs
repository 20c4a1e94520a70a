namespace Leerplatform.Testing;

/// <summary>Locations in the repository, found from the test binary upwards (works from any clone path).</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RealContent => Path.Combine(RepoRoot, "content");

    public static string Themes => Path.Combine(RepoRoot, "themes");

    public static string WebProject => Path.Combine(RepoRoot, "src", "Leerplatform.Web");

    /// <summary>tests/interop: the npm packages and scripts of the third-party xAPI harness (see NodeInterop).</summary>
    public static string Interop => Path.Combine(RepoRoot, "tests", "interop");

    public static string ContentFixtures => Path.Combine(RepoRoot, "tests", "Leerplatform.Tests", "Fixtures", "Content");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Leerplatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Leerplatform.sln not found above " + AppContext.BaseDirectory);
    }
}
