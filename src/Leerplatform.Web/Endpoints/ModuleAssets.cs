using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Markdown;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Workspace;
using Microsoft.AspNetCore.StaticFiles;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// Serves images and downloads from a module's own folder, and nothing else: no path outside the folder, only
/// known file types, and a strict content security policy so an SVG opened on its own cannot run script.
/// </summary>
public static class ModuleAssets
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void MapModuleAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/modules/{moduleId}/" + ContentRoutes.AssetSegment + "/{**path}", async (string moduleId, string path, HttpContext http, ModuleResolver resolver) =>
        {
            // An organisation's module is found for its members only: others get the same 404 as for no module.
            if ((await resolver.FindAsync(http.User.UserId(), moduleId, http.RequestAborted))?.Module is not { } module)
            {
                return Results.NotFound();
            }

            var folder = Path.GetFullPath(module.FolderPath) + Path.DirectorySeparatorChar;
            var fullPath = Path.GetFullPath(Path.Combine(folder, path));
            var extension = Path.GetExtension(fullPath);
            if (!fullPath.StartsWith(folder, StringComparison.Ordinal)
                || !(LinkResolver.ImageExtensions.Contains(extension) || LinkResolver.DownloadExtensions.Contains(extension))
                || !File.Exists(fullPath)
                || !ContentTypes.TryGetContentType(fullPath, out var contentType))
            {
                return Results.NotFound();
            }

            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox";
            // URLs carry a content hash (?v=…), so a long cache is safe.
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(fullPath, contentType, enableRangeProcessing: false);
        });
    }
}
