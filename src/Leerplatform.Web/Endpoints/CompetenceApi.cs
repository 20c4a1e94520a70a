using System.ComponentModel.DataAnnotations;
using Leerplatform.Core.Competency;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Microsoft.AspNetCore.Identity;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// Competence standings over HTTP. A learner reads only their own (the user comes from the auth cookie); trainers
/// and admins of an organisation rate that organisation's members, with a reason.
/// </summary>
public static class CompetenceApi
{
    public sealed record RatingRequest(string? Leerling, string? Competentie, string? Niveau, string? Reden);

    public static void MapCompetenceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/competenties", async (HttpContext http, CompetenceService competences, ContentCatalog catalog, CancellationToken ct) =>
        {
            var views = await competences.GetAsync(http.User.UserId()!, catalog.Current, ct);
            return Results.Ok(views.Select(v => new
            {
                code = v.Competence.Code,
                naam = v.Competence.Name,
                niveau = v.Standing.Level,
                gemetenNiveau = v.Standing.MeasuredLevel,
                zekerheid = v.Standing.Confidence,
                zelfinschatting = v.Standing.SelfLevel,
                trainer = v.Standing.TrainerLevel,
                bewijs = v.EvidenceCount,
                recent = v.Recent,
            }));
        }).RequireAuthorization();

        endpoints.MapPost("/api/org/{orgId}/competenties/beoordelingen", async (string orgId, RatingRequest request, HttpContext http, UserManager<AppUser> users,
            OrganisationAccess access, CompetenceService competences, ContentCatalog catalog, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var competence = catalog.Current.FindCompetence(request.Competentie?.Trim().ToUpperInvariant() ?? string.Empty);
            if (competence is null)
            {
                errors["competentie"] = [$"Onbekende competentie '{request.Competentie}'; gebruik een code uit het kader, zoals C4."];
            }

            ProficiencyLevel? level = request.Niveau?.Trim().ToLowerInvariant() switch
            {
                "geen" => ProficiencyLevel.None,
                "basis" => ProficiencyLevel.Basis,
                "vaardig" => ProficiencyLevel.Vaardig,
                "voortrekker" => ProficiencyLevel.Voortrekker,
                _ => null,
            };
            if (level is null)
            {
                errors["niveau"] = ["Kies geen, basis, vaardig of voortrekker."];
            }

            if (string.IsNullOrWhiteSpace(request.Reden) || request.Reden.Length > 2000)
            {
                errors["reden"] = ["Geef een reden (maximaal 2000 tekens): een beoordeling zonder uitleg helpt de leerling niet."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "De beoordeling is niet volledig");
            }

            // Someone outside the organisation gets the same answer as no one: the API does not reveal who has an account.
            if (string.IsNullOrWhiteSpace(request.Leerling) || await users.FindByEmailAsync(request.Leerling.Trim()) is not { } learner
                || await access.RoleAsync(learner.Id, orgId, ct) is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Leerling niet gevonden", detail: "Er is geen lid van deze organisatie met dit e-mailadres.");
            }

            var id = await competences.AddTrainerRatingAsync(http.User.UserId()!, learner.Id, competence!.Code, level!.Value, request.Reden!, ct, orgId);
            return Results.Json(new { id }, statusCode: StatusCodes.Status201Created);
        }).RequireAuthorization(OrganisationPolicies.Trainer);
    }
}
