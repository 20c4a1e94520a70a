using System.Globalization;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Leerplatform.Web.Services.Reports;
using Leerplatform.Web.Services.Workspace;
using Leerplatform.Core.Content;

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
        group.MapGet("/voortgang.csv", (HttpContext http, ReportService reports, ModuleResolver modules) =>
            CsvAsync(http, modules, "voortgang", async (org, filter, language, library) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.ProgressAsync(org, filter, library, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/voortgang-per-module.csv", (HttpContext http, ReportService reports, ModuleResolver modules) =>
            CsvAsync(http, modules, "voortgang-per-module", async (org, filter, language, library) =>
                await ReportCsv.WriteSummaryAsync(http.Response.Body, await reports.ProgressAsync(org, filter, library, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/competenties.csv", (HttpContext http, ReportService reports, ModuleResolver modules) =>
            CsvAsync(http, modules, "competenties", async (org, filter, language, library) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.CompetencesAsync(org, filter, library, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/vragen.csv", (HttpContext http, ReportService reports, ModuleResolver modules) =>
            CsvAsync(http, modules, "vragen", async (org, filter, language, library) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.ItemsAsync(org, filter, library, http.RequestAborted), language, http.RequestAborted)));
        group.MapGet("/keuzes.csv", (HttpContext http, ReportService reports, ModuleResolver modules) =>
            CsvAsync(http, modules, "keuzes", async (org, filter, language, library) =>
                await ReportCsv.WriteAsync(http.Response.Body, await reports.DecisionsAsync(org, filter, library, http.RequestAborted), language, http.RequestAborted)));
        return endpoints;
    }

    private static async Task CsvAsync(HttpContext http, ModuleResolver modules, string name, Func<string, ReportFilter, string, ContentLibrary, Task> write)
    {
        // The policy has checked that the caller is trainer or admin of this organisation.
        var organisation = (string)http.GetRouteValue(OrganisationPolicies.RouteParameter)!;
        // The platform library plus the organisation's own published modules.
        var library = await modules.LibraryForOrganisationAsync(organisation, http.RequestAborted);
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

            ReportService.Check(filter, library);
        }
        catch (ReportQueryException exception)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { status = 400, detail = exception.Message });
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{filter.ModuleId ?? "alle"}-{DateTime.UtcNow:yyyyMMdd}.csv\"";
        await write(organisation, filter, language, library);
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
