using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services;

/// <summary>What <c>themes/&lt;name&gt;/theme.json</c> declares.</summary>
public sealed record ThemeManifest(string Name, string DisplayName, string Stylesheet, string Logo, string LogoAlt);

/// <summary>
/// The active theme: colours, fonts and logo come from <c>themes/&lt;name&gt;/</c> (CSS custom properties), so an
/// organisation can restyle the platform without touching components. Served under <c>/themes/</c>.
/// </summary>
public sealed class ThemeService
{
    public ThemeService(IOptions<LeerplatformOptions> options, IHostEnvironment environment)
    {
        ThemesRoot = RepositoryPaths.Resolve(options.Value.ThemesPath, environment.ContentRootPath, "themes");
        var folder = Path.Combine(ThemesRoot, options.Value.Theme);
        var manifestPath = Path.Combine(folder, "theme.json");
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"Theme '{options.Value.Theme}' not found: {manifestPath} does not exist.");
        }

        Manifest = JsonSerializer.Deserialize<ThemeManifest>(File.ReadAllText(manifestPath), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                   ?? throw new InvalidOperationException($"{manifestPath} is empty.");
        foreach (var file in new[] { Manifest.Stylesheet, Manifest.Logo })
        {
            if (file.Contains("..", StringComparison.Ordinal) || !File.Exists(Path.Combine(folder, file)))
            {
                throw new InvalidOperationException($"Theme '{Manifest.Name}' refers to a missing file '{file}'.");
            }
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, Manifest.Stylesheet))))[..10];
        StylesheetUrl = $"/themes/{options.Value.Theme}/{Manifest.Stylesheet}?v={version}";
        LogoUrl = $"/themes/{options.Value.Theme}/{Manifest.Logo}";
    }

    public string ThemesRoot { get; }

    public ThemeManifest Manifest { get; }

    public string StylesheetUrl { get; }

    public string LogoUrl { get; }
}
