using Leerplatform.Testing;

namespace Leerplatform.Tests.Support;

/// <summary>
/// Golden files: the expected output lives next to the fixture. Set LEERPLATFORM_UPDATE_GOLDEN=1 to rewrite
/// them after an intended change, then review the diff like any other code change.
/// </summary>
public static class Golden
{
    private static bool Update => Environment.GetEnvironmentVariable("LEERPLATFORM_UPDATE_GOLDEN") == "1";

    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(TestPaths.ContentFixtures, relativePath);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run with LEERPLATFORM_UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }
}
