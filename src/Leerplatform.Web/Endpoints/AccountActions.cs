using Leerplatform.Data.Entities;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Leerplatform.Web.Endpoints;

/// <summary>Sign-out as a POST with antiforgery (a GET link could sign people out from another site).</summary>
public static class AccountActions
{
    public static void MapAccountActions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/uitloggen", async ([FromForm] string? returnUrl, SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        });
    }
}
