using Leerplatform.Web.Services.Reports;

// In the app's root namespace so LeerplatformApp registers the reports with one line and no using.
namespace Leerplatform.Web;

public static class ReportServiceCollectionExtensions
{
    /// <summary>Everything the organisation reports need; one call from <c>LeerplatformApp</c>.</summary>
    public static IServiceCollection AddLeerplatformReports(this IServiceCollection services) =>
        services.AddSingleton<ReportService>();
}
