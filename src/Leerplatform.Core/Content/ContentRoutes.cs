namespace Leerplatform.Core.Content;

/// <summary>The public URLs of content; one place so rendered links and Blazor routes cannot drift apart.</summary>
public static class ContentRoutes
{
    public const string AssetSegment = "bestanden";

    public static string Module(string moduleId) => $"/modules/{Uri.EscapeDataString(moduleId)}";

    public static string Page(string moduleId, string pageId) =>
        $"/modules/{Uri.EscapeDataString(moduleId)}/{Uri.EscapeDataString(pageId)}";

    /// <summary>An image or download inside a module folder; the hash busts browser caches when the file changes.</summary>
    public static string Asset(string moduleId, string relativePath, string contentHash) =>
        $"/modules/{Uri.EscapeDataString(moduleId)}/{AssetSegment}/"
        + string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString))
        + $"?v={contentHash[..Math.Min(10, contentHash.Length)]}";
}
