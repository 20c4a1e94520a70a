using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leerplatform.Core.Theming;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services;

/// <summary>What <c>themes/&lt;name&gt;/theme.json</c> declares.</summary>
public sealed record ThemeManifest(string Name, string DisplayName, string Stylesheet, string Logo, string LogoAlt);

/// <summary>One validated theme folder, with cache-busted URLs and the colours an accent is checked against.</summary>
public sealed record ThemeInfo(ThemeManifest Manifest, string StylesheetUrl, string LogoUrl, ThemeBaseColours BaseColours,
    IReadOnlyDictionary<string, string> Swatches)
{
    public string Name => Manifest.Name;
}

/// <summary>
/// The themes under <c>themes/</c>: colours, fonts and logo come from <c>themes/&lt;name&gt;/</c> (CSS custom
/// properties), so an organisation can restyle the platform without touching components. Served under
/// <c>/themes/</c>. Every folder is validated at start-up (a broken theme stops the app rather than a page);
/// the platform default (<c>Leerplatform:Theme</c>) is what anonymous visitors and people without an
/// organisation see.
/// </summary>
public sealed partial class ThemeService
{
    public ThemeService(IOptions<LeerplatformOptions> options, IHostEnvironment environment)
    {
        ThemesRoot = RepositoryPaths.Resolve(options.Value.ThemesPath, environment.ContentRootPath, "themes");
        var themes = Directory.Exists(ThemesRoot)
            ? Directory.GetDirectories(ThemesRoot)
                .Where(d => File.Exists(Path.Combine(d, "theme.json")))
                .Select(d => Load(ThemesRoot, Path.GetFileName(d)))
                .OrderBy(t => t.Name == options.Value.Theme ? 0 : 1).ThenBy(t => t.Manifest.DisplayName, StringComparer.CurrentCultureIgnoreCase)
                .ToList()
            : [];
        Themes = themes;
        Default = themes.FirstOrDefault(t => t.Name == options.Value.Theme)
                  ?? throw new InvalidOperationException($"Theme '{options.Value.Theme}' not found: {Path.Combine(ThemesRoot, options.Value.Theme, "theme.json")} does not exist.");
    }

    public string ThemesRoot { get; }

    /// <summary>Every theme, the platform default first, then by display name.</summary>
    public IReadOnlyList<ThemeInfo> Themes { get; }

    /// <summary>The platform default (<c>Leerplatform:Theme</c>).</summary>
    public ThemeInfo Default { get; }

    public ThemeManifest Manifest => Default.Manifest;

    public string StylesheetUrl => Default.StylesheetUrl;

    public string LogoUrl => Default.LogoUrl;

    /// <summary>The theme with this folder name, or null (a theme folder that has since been removed).</summary>
    public ThemeInfo? Find(string? name) => Themes.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    private static ThemeInfo Load(string root, string? name)
    {
        if (name is null || !FolderName().IsMatch(name))
        {
            throw new InvalidOperationException($"Theme folder '{name}' must be named with a-z, 0-9 and '-' only.");
        }

        var folder = Path.Combine(root, name);
        var manifestPath = Path.Combine(folder, "theme.json");
        var manifest = JsonSerializer.Deserialize<ThemeManifest>(File.ReadAllText(manifestPath), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                       ?? throw new InvalidOperationException($"{manifestPath} is empty.");
        if (manifest.Name != name || string.IsNullOrWhiteSpace(manifest.DisplayName))
        {
            throw new InvalidOperationException($"{manifestPath}: name must be '{name}' (the folder) and displayName must be set.");
        }

        foreach (var file in new[] { manifest.Stylesheet, manifest.Logo })
        {
            if (string.IsNullOrEmpty(file) || file.Contains("..", StringComparison.Ordinal) || !File.Exists(Path.Combine(folder, file)))
            {
                throw new InvalidOperationException($"Theme '{manifest.Name}' refers to a missing file '{file}'.");
            }
        }

        var css = File.ReadAllText(Path.Combine(folder, manifest.Stylesheet));
        var colours = Declaration().Matches(css).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.ToLowerInvariant());
        RgbColour Colour(string property) => colours.TryGetValue(property, out var hex)
            ? RgbColour.Parse(hex)
            : throw new InvalidOperationException($"Theme '{name}' does not declare {property} as #rrggbb.");

        var baseColours = new ThemeBaseColours(Colour("--lp-color-bg"), Colour("--lp-color-on-primary"), Colour("--lp-color-header-text"), Colour("--lp-color-focus-halo"));
        var swatches = new[] { "--lp-color-header-bg", "--lp-color-primary", "--lp-color-link", "--lp-color-bg" }
            .ToDictionary(p => p, p => Colour(p).Hex);

        var version = Version(Path.Combine(folder, manifest.Stylesheet));
        return new ThemeInfo(manifest, $"/themes/{name}/{manifest.Stylesheet}?v={version}",
            $"/themes/{name}/{manifest.Logo}?v={Version(Path.Combine(folder, manifest.Logo))}", baseColours, swatches);
    }

    private static string Version(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))[..10];

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex FolderName();

    [GeneratedRegex(@"(--lp-[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;")]
    private static partial Regex Declaration();
}
