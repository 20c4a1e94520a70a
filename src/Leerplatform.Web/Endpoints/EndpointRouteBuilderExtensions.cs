namespace Leerplatform.Web.Endpoints;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>All minimal-API endpoints of the app, in one place.</summary>
    public static IEndpointRouteBuilder MapLeerplatformEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProgressApi();
        endpoints.MapLearningPathApi();
        endpoints.MapCompetenceApi();
        endpoints.MapModuleAssets();
        endpoints.MapCultureSwitch();
        endpoints.MapAccountActions();
        endpoints.MapXapiEndpoints();
        endpoints.MapExportEndpoints();
        endpoints.MapWorkspaceEndpoints();
        endpoints.MapThemeEndpoints();
        endpoints.MapReportEndpoints();
        return endpoints;
    }
}
