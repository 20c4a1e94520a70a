namespace Leerplatform.Web.Services;

/// <summary>
/// Finds folders that live next to Leerplatform.sln (content/, themes/) so that <c>dotnet run</c> works from a
/// fresh clone without configuration. Deployments set explicit paths instead.
/// </summary>
public static class RepositoryPaths
{
    public static string Resolve(string configured, string contentRoot, string folderName)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        foreach (var start in new[] { contentRoot, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Leerplatform.sln")))
                {
                    return Path.Combine(dir.FullName, folderName);
                }
            }
        }

        return Path.Combine(contentRoot, folderName);
    }
}
