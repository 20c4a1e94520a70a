using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Localization;

namespace Leerplatform.Web.Endpoints;

/// <summary>The language switch: stores the choice in the standard culture cookie and goes back to the page.</summary>
public static class CultureSwitch
{
    public static string Url(string culture, string returnPath) =>
        $"/cultuur/{culture}?terug={Uri.EscapeDataString(returnPath)}";

    public static void MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/cultuur/{culture}", (string culture, string? terug, HttpContext http) =>
        {
            if (!LeerplatformApp.SupportedCultures.Any(c => c.Name == culture))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Onbekende taal",
                    detail: $"'{culture}' wordt niet ondersteund; kies uit {string.Join(", ", LeerplatformApp.SupportedCultures.Select(c => c.Name))}.");
            }

            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

            // Only local paths: never an open redirect to another site.
            return Results.LocalRedirect(LocalUrl.OrHome(terug));
        });
    }
}
