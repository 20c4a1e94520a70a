using Leerplatform.Core.Content.Packages;
using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Workspace;

namespace Leerplatform.Web.Endpoints;

/// <summary>Zip downloads of an organisation's modules (draft or a published version), for its trainers and admins.</summary>
public static class WorkspaceEndpoints
{
    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/org/{orgId}/werkplaats/{wsId}").RequireAuthorization(OrganisationPolicies.Trainer);
        group.MapGet("/concept.zip", (string orgId, string wsId, WorkspaceService workspace, CancellationToken ct) => ZipAsync(workspace, orgId, wsId, null, ct));
        group.MapGet("/versies/{number:int}.zip", (string orgId, string wsId, int number, WorkspaceService workspace, CancellationToken ct) => ZipAsync(workspace, orgId, wsId, number, ct));
        group.MapGet("/concept/{**path}", async (string orgId, string wsId, string path, HttpContext http, WorkspaceService workspace, CancellationToken ct) =>
        {
            // Images of the saved draft, for the editor's preview; same rules as published module files.
            if (ModulePackage.CheckPath(path) is not null || !ContentTypes.TryGetContentType(path, out var type) || path.EndsWith(".md", StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            try
            {
                if (await workspace.DraftFileAsync(orgId, wsId, path, ct) is not { } bytes)
                {
                    return Results.NotFound();
                }

                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox";
                http.Response.Headers.CacheControl = "private, no-cache";
                return Results.File(bytes, type);
            }
            catch (WorkspaceException)
            {
                return Results.NotFound();
            }
        });
        return endpoints;
    }

    private static readonly Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider ContentTypes = new();

    private static async Task<IResult> ZipAsync(WorkspaceService workspace, string orgId, string wsId, int? number, CancellationToken ct)
    {
        try
        {
            var (name, zip) = await workspace.ExportAsync(orgId, wsId, number, ct);
            return Results.File(zip, "application/zip", name);
        }
        catch (WorkspaceException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden", detail: exception.Message);
        }
    }
}
