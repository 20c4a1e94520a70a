using Leerplatform.Tests.Support;
using Leerplatform.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// Settings files are read at start and not watched: a watch on appsettings.json covers the whole content root,
/// where the default database lives, and woke on every SQLite write (issue 8).
/// </summary>
public sealed class HostSettingsTests
{
    [Fact]
    public void TheAppDoesNotWatchItsSettingsFiles()
    {
        using var app = AppFactory.For("assessment-valid");
        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();

        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
    }

    [Fact]
    public void AHostThatAsksForReloadingStillGetsIt()
    {
        Assert.Equal(["--urls", "http://127.0.0.1:5000", "--hostBuilder:reloadConfigOnChange=false"],
            LeerplatformApp.WithoutConfigReload(["--urls", "http://127.0.0.1:5000"]));
        Assert.Equal(["--hostBuilder:reloadConfigOnChange=true"], LeerplatformApp.WithoutConfigReload(["--hostBuilder:reloadConfigOnChange=true"]));
    }
}
