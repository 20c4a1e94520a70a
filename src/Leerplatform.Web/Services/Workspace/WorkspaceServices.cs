namespace Leerplatform.Web.Services.Workspace;

public static class WorkspaceServices
{
    public static IServiceCollection AddWorkspace(this IServiceCollection services) => services
        .AddSingleton<DraftCompiler>()
        .AddSingleton<PublishedModules>()
        .AddSingleton<ModuleResolver>()
        .AddSingleton<WorkspaceService>();
}
