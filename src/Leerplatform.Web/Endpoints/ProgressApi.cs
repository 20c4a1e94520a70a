using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Workspace;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// Reading progress over HTTP, for the signed-in learner only: the user comes from the auth cookie, never from
/// the URL, so there is no way to address someone else's progress.
/// </summary>
public static class ProgressApi
{
    public static void MapProgressApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/voortgang").RequireAuthorization();

        group.MapGet("", async (HttpContext http, ProgressService progress, ModuleResolver resolver, CancellationToken ct) =>
        {
            var modules = await resolver.ByIdAsync(http.User.UserId(), ct);
            return Results.Ok(await progress.ListAsync(http.User.UserId()!, id => modules.GetValueOrDefault(id), ct));
        });

        group.MapGet("/{moduleId}", async (string moduleId, HttpContext http, ProgressService progress, ModuleResolver resolver, CancellationToken ct) =>
        {
            if ((await resolver.FindAsync(http.User.UserId(), moduleId, ct))?.Module is not { } module)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Module niet gevonden", detail: $"Er is geen module met id '{moduleId}'.");
            }

            return await progress.GetAsync(http.User.UserId()!, module, ct) is { } view
                ? Results.Ok(view)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nog niet gestart", detail: "Je hebt deze module nog niet geopend.");
        });

        group.MapPut("/{moduleId}/paginas/{pageId}", async (string moduleId, string pageId, HttpContext http, ProgressService progress, ModuleResolver resolver, CancellationToken ct) =>
        {
            if ((await resolver.FindAsync(http.User.UserId(), moduleId, ct))?.Module is not { } module)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Module niet gevonden", detail: $"Er is geen module met id '{moduleId}'.");
            }

            if (module.FindPage(pageId) is not { } page)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Pagina niet gevonden", detail: $"Module '{moduleId}' heeft geen pagina '{pageId}'.");
            }

            return Results.Ok(await progress.RecordPageViewAsync(http.User.UserId()!, module, page, ct));
        });
    }
}
