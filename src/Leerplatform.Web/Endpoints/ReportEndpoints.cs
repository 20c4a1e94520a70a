using System.Globalization;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Reports;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// CSV downloads of the organisation reports for its trainers and admins. The policy checks the caller's role in
/// the route's organisation; the service scopes every query to that organisation's members. Query values:
/// <c>module</c>, <c>van</c> and <c>tot</c> (JJJJ-MM-DD) and <c>taal</c> (nl or en); anything else gives a 400 with the reason.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/org/{orgId}/rapporten").RequireAuthorization(OrganisationPolicies.Trainer);
        group.MapGet("/voortgang.csv", (HttpContext http, ReportService reports, ContentCatalog catalog) =>
            CsvAsync(http, catalog, "voortgang", async (org, filter, language) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.ProgressAsync(org, filter, catalog.Current, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/voortgang-per-module.csv", (HttpContext http, ReportService reports, ContentCatalog catalog) =>
            CsvAsync(http, catalog, "voortgang-per-module", async (org, filter, language) =>
                await ReportCsv.WriteSummaryAsync(http.Response.Body, await reports.ProgressAsync(org, filter, catalog.Current, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/competenties.csv", (HttpContext http, ReportService reports, ContentCatalog catalog) =>
            CsvAsync(http, catalog, "competenties", async (org, filter, language) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.CompetencesAsync(org, filter, catalog.Current, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/vragen.csv", (HttpContext http, ReportService reports, ContentCatalog catalog) =>
            CsvAsync(http, catalog, "vragen", async (org, filter, language) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.ItemsAsync(org, filter, catalog.Current, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/keuzes.csv", (HttpContext http, ReportService reports, ContentCatalog catalog) =>
            CsvAsync(http, catalog, "keuzes", async (org, filter, language) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.DecisionsAsync(org, filter, catalog.Current, http.RequestAborted), language, http.RequestAborted)));
        return endpoints;
    }

    private static async Task CsvAsync(HttpContext http, ContentCatalog catalog, string name, Func<string, ReportFilter, string, Task> write)
    {
        // The policy has checked that the caller is trainer or admin of this organisation.
        var organisation = (string)http.GetRouteValue(OrganisationPolicies.RouteParameter)!;
        ReportFilter filter;
        string language;
        try
        {
            filter = new ReportFilter(Text(http, "module"), Date(http, "van"), Date(http, "tot"));
            language = Text(http, "taal") ?? "nl";
            if (language is not ("nl" or "en"))
            {
                throw new ReportQueryException($"taal '{language}' is not nl or en");
            }

            ReportService.Check(filter, catalog.Current);
        }
        catch (ReportQueryException exception)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { status = 400, detail = exception.Message });
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{filter.ModuleId ?? "alle"}-{DateTime.UtcNow:yyyyMMdd}.csv\"";
        await write(organisation, filter, language);
    }

    private static string? Text(HttpContext http, string name)
    {
        var value = http.Request.Query[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static DateOnly? Date(HttpContext http, string name) =>
        Text(http, name) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ReportQueryException($"{name} '{text}' is not a date (yyyy-mm-dd)");
}
