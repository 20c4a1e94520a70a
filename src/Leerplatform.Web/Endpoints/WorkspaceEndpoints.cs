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
        return endpoints;
    }

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
