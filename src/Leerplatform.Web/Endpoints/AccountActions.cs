using Leerplatform.Data.Entities;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Leerplatform.Web.Endpoints;

/// <summary>Sign-out as a POST with antiforgery (a GET link could sign people out from another site).</summary>
public static class AccountActions
{
    public static void MapAccountActions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/uitloggen", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            // The antiforgery middleware has validated the token (metadata below); refuse before reading the form.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ongeldig formulier",
                    detail: "Het formulier is verlopen of komt niet van deze website. Laad de pagina opnieuw en probeer het nog eens.");
            }

            var form = await http.Request.ReadFormAsync();
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LocalUrl.OrHome(form["returnUrl"]));
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }
}
