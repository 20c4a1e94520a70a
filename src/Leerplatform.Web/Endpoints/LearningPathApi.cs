using Leerplatform.Core.Content.LearningPaths;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.LearningPaths;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// Learning paths over HTTP for the signed-in learner: progress per path and handing in assignments. The learner
/// always comes from the auth cookie, so nobody can read or write another learner's hand-ins.
/// </summary>
public static class LearningPathApi
{
    /// <summary>The body of a hand-in.</summary>
    public sealed record HandIn(string? Tekst);

    public static void MapLearningPathApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/leerlijnen").RequireAuthorization();

        group.MapGet("", async (HttpContext http, LearningPathService paths, CancellationToken ct) =>
            Results.Ok((await paths.ListAsync(http.User.UserId()!, ct)).Select(Summary)));

        group.MapGet("/{pathId}", async (string pathId, HttpContext http, LearningPathService paths, CancellationToken ct) =>
        {
            if (paths.Find(pathId) is not { } path)
            {
                return NotFound($"Er is geen leerlijn met id '{pathId}'.");
            }

            var view = await paths.GetAsync(http.User.UserId()!, path, ct);
            return Results.Ok(new
            {
                id = path.Id,
                titel = path.Title,
                gedaan = view.Progress.Done,
                totaal = view.Progress.Total,
                volgende = view.Progress.Next?.Step.Number,
                stappen = view.Progress.Steps.Select(s => new
                {
                    nummer = s.Step.Number,
                    soort = s.Step.Kind == PathStepKind.Module ? "module" : "opdracht",
                    id = s.Step.Ref,
                    titel = view.Title(s.Step),
                    status = s.Status switch { StepStatus.Done => "klaar", StepStatus.InProgress => "bezig", _ => "niet-begonnen" },
                }),
            });
        });

        group.MapGet("/{pathId}/opdrachten/{slug}", async (string pathId, string slug, HttpContext http, LearningPathService paths, CancellationToken ct) =>
        {
            if (paths.Find(pathId)?.FindAssignment(slug) is null)
            {
                return NotFound($"Leerlijn '{pathId}' heeft geen opdracht '{slug}'.");
            }

            return await paths.LatestAsync(http.User.UserId()!, pathId, slug, ct) is { } latest
                ? Results.Ok(new { tekst = latest.Text, ingeleverd = latest.SubmittedAtUtc, aantal = latest.Count })
                : NotFound("Je hebt deze opdracht nog niet ingeleverd.");
        });

        group.MapPost("/{pathId}/opdrachten/{slug}", async (string pathId, string slug, HandIn? body, HttpContext http, LearningPathService paths, CancellationToken ct) =>
        {
            if (paths.Find(pathId) is not { } path || path.FindAssignment(slug) is not { } assignment)
            {
                return NotFound($"Leerlijn '{pathId}' heeft geen opdracht '{slug}'.");
            }

            try
            {
                var saved = await paths.SubmitAsync(http.User.UserId()!, path, assignment, body?.Tekst, ct);
                return Results.Ok(new { tekst = saved.Text, ingeleverd = saved.SubmittedAtUtc, aantal = saved.Count });
            }
            catch (AssignmentException exception)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["tekst"] = [exception.Code == "TooLong"
                        ? $"De tekst is te lang: maximaal {LearningPathService.MaxText} tekens."
                        : "Schrijf een tekst: een lege inzending kan niet."],
                }, title: "Inzending geweigerd");
            }
        });
    }

    private static object Summary(PathView view) => new
    {
        id = view.Path.Id,
        titel = view.Path.Title,
        gedaan = view.Progress.Done,
        totaal = view.Progress.Total,
        volgende = view.Progress.Next is { } next ? new { nummer = next.Step.Number, soort = next.Step.Kind == PathStepKind.Module ? "module" : "opdracht", id = next.Step.Ref } : null,
    };

    private static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden", detail: detail);
}
