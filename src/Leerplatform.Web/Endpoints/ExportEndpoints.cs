using System.Globalization;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Xapi;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// Downloads for an organisation admin (signed in with the cookie): statements as JSON or NDJSON, and the CSV
/// completion report. The organisation is the one in the route, which the caller must administer; filters are
/// checked against it.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/org/{orgId}/export").RequireAuthorization(OrganisationPolicies.Admin);
        group.MapGet("/statements.json", (HttpContext http, XapiExport export, ContentCatalog catalog) =>
            StatementsAsync(http, export, catalog, ndjson: false));
        group.MapGet("/statements.ndjson", (HttpContext http, XapiExport export, ContentCatalog catalog) =>
            StatementsAsync(http, export, catalog, ndjson: true));
        group.MapGet("/voltooiing.csv", async (HttpContext http, XapiExport export, ContentCatalog catalog) =>
        {
            var (organisation, filter) = await PrepareAsync(http, export, catalog);
            if (organisation is null)
            {
                return;
            }

            var language = http.Request.Query["taal"].ToString() is "en" ? "en" : "nl";
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"voltooiing-{DateTime.UtcNow:yyyyMMdd}.csv\"";
            await export.WriteCompletionCsvAsync(organisation, filter!, catalog.Current, language, http.Response.Body, http.RequestAborted);
        });
        return endpoints;
    }

    private static async Task StatementsAsync(HttpContext http, XapiExport export, ContentCatalog catalog, bool ndjson)
    {
        var (organisation, filter) = await PrepareAsync(http, export, catalog);
        if (organisation is null)
        {
            return;
        }

        http.Response.ContentType = ndjson ? "application/x-ndjson; charset=utf-8" : "application/json; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"statements-{DateTime.UtcNow:yyyyMMdd}.{(ndjson ? "ndjson" : "json")}\"";
        await export.WriteStatementsAsync(organisation, filter!, http.Response.Body, ndjson, http.RequestAborted);
    }

    /// <returns>The caller's organisation and filter, or (null, null) after writing a 403 or 400 with the reason.</returns>
    private static async Task<(string? Organisation, ExportFilter? Filter)> PrepareAsync(HttpContext http, XapiExport export, ContentCatalog catalog)
    {
        // The policy has checked that the caller administers this organisation.
        var organisation = (string)http.GetRouteValue(OrganisationPolicies.RouteParameter)!;

        DateOnly? Date(string name)
        {
            var text = http.Request.Query[name].ToString();
            return text.Length == 0 ? null
                : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
                : throw new FormatException($"{name} '{text}' is geen datum (JJJJ-MM-DD)");
        }

        ExportFilter filter;
        try
        {
            filter = new ExportFilter(Date("van"), Date("tot"), Empty(http.Request.Query["module"]), Empty(http.Request.Query["persoon"]));
        }
        catch (FormatException exception)
        {
            await Problem(http, StatusCodes.Status400BadRequest, exception.Message);
            return (null, null);
        }

        if (await export.CheckAsync(organisation, filter, catalog.Current, http.RequestAborted) is { } reason)
        {
            await Problem(http, StatusCodes.Status400BadRequest, reason);
            return (null, null);
        }

        return (organisation, filter);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task Problem(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { status, detail });
    }
}
