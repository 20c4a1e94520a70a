namespace Leerplatform.Core.Content.LearningPaths;

/// <summary>The public URLs of learning paths, in one place so links and Blazor routes cannot drift apart.</summary>
public static class LearningPathRoutes
{
    public const string List = "/leerlijnen";

    public static string Path(string pathId) => $"{List}/{Uri.EscapeDataString(pathId)}";

    public static string Assignment(string pathId, string slug) => $"{Path(pathId)}/opdracht/{Uri.EscapeDataString(slug)}";
}
