using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Theming;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// An organisation's logo, for its members only. The accent overrides need no endpoint: our CSP allows inline
/// styles (style-src 'self' 'unsafe-inline'), so the layout writes them into a style element, built only from a
/// validated #rrggbb.
/// </summary>
public static class ThemeEndpoints
{
    public static IEndpointRouteBuilder MapThemeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/org/{orgId}/logo", async (string orgId, HttpContext http, OrganisationThemeService themes) =>
        {
            var logo = await themes.LogoAsync(orgId, http.RequestAborted);
            if (logo is not { } found)
            {
                return Results.NotFound();
            }

            var headers = http.Response.Headers;
            // SVG is a script vector. We accept it (organisations mostly have vector logos) but it can never run
            // here: pages only ever show it through <img>, which runs no script; opened directly, this CSP forbids
            // every script and fetch, and nosniff stops a browser from reading it as anything but the type we
            // detected from the bytes. The same headers go with every type, so no path depends on the type.
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentDisposition = "inline";
            // The URL carries the hash (?v=…), so a new logo is a new URL; members only, so never a shared cache.
            headers.CacheControl = "private, max-age=31536000, immutable";
            headers.ETag = $"\"{found.Hash}\"";
            return Results.Bytes(found.Bytes, found.ContentType);
        }).RequireAuthorization(OrganisationPolicies.Member);
        return endpoints;
    }
}
