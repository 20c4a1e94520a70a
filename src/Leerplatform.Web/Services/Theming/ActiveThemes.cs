using System.Security.Claims;
using Leerplatform.Core.Theming;
using Leerplatform.Data;
using Leerplatform.Web.Services.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Theming;

/// <summary>The theme a page is drawn in: stylesheet, accent overrides (or none) and header logo.</summary>
/// <param name="OverrideCss">
/// A <c>:root{…}</c> rule built only from a validated <c>#rrggbb</c> (<see cref="AccentPalette"/>), or null.
/// </param>
/// <param name="LogoAlt">Alt text of the header logo; empty when the logo is decorative (the platform logo beside its name).</param>
public sealed record ActiveTheme(ThemeInfo Theme, string? OverrideCss, string LogoUrl, string LogoAlt, string? OrganisationId);

/// <summary>
/// Which organisation's look a request gets: under <c>/org/{orgId}/…</c> that organisation's, when the caller
/// is a member of it; elsewhere a signed-in member sees the theme of their first organisation by name (the same
/// order as "Mijn organisaties"); anonymous visitors and people without an organisation see the platform default.
/// A non-member never sees another organisation's look, not even on its (refused) pages.
/// </summary>
public sealed class ActiveThemes(IDbContextFactory<LeerplatformDbContext> contexts, OrganisationAccess access, ThemeService themes)
{
    public ActiveTheme Platform => new(themes.Default, null, themes.Default.LogoUrl, string.Empty, null);

    public async Task<ActiveTheme> ResolveAsync(ClaimsPrincipal user, string path, CancellationToken cancellationToken = default)
    {
        var userId = user.UserId();
        if (userId is null)
        {
            return Platform;
        }

        var memberships = await access.MembershipsAsync(userId, cancellationToken);
        var routeOrganisation = RouteOrganisation(path);
        var organisationId = memberships.FirstOrDefault(m => m.OrganisationId == routeOrganisation)?.OrganisationId
                             ?? memberships.FirstOrDefault()?.OrganisationId;
        return organisationId is null ? Platform : await ForOrganisationAsync(organisationId, cancellationToken);
    }

    /// <summary>An organisation's look (also for the settings page's "current" state).</summary>
    public ValueTask<ActiveTheme> ForOrganisationAsync(string organisationId, CancellationToken cancellationToken = default) =>
        // Every page of a member draws it, so it is cached; a saved theme bumps the directory version.
        _cache.GetAsync(organisationId, this, static (id, self, cancellationToken) => self.ReadAsync(id, cancellationToken), cancellationToken);

    private readonly DirectoryCache<string, ActiveTheme> _cache = new();

    private async Task<ActiveTheme> ReadAsync(string organisationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.OrganisationThemes.AsNoTracking()
            .Where(t => t.OrganisationId == organisationId)
            .Select(t => new { t.ThemeName, t.AccentColour, t.LogoHash, t.LogoAlt })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Platform with { OrganisationId = organisationId };
        }

        var theme = themes.Find(row.ThemeName) ?? themes.Default;
        // Checked again on the way out: a stored accent that no longer passes (the theme changed) is not applied.
        var palette = RgbColour.TryParse(row.AccentColour, out var accent) && AccentPalette.From(accent) is var p && p.Check(theme.BaseColours).Count == 0 ? p : null;
        var (logoUrl, logoAlt) = row.LogoHash is null
            ? (theme.LogoUrl, string.Empty)
            : ($"/api/org/{Uri.EscapeDataString(organisationId)}/logo?v={row.LogoHash[..16]}", row.LogoAlt ?? string.Empty);
        return new ActiveTheme(theme, palette is null ? null : OverrideCss(palette), logoUrl, logoAlt, organisationId);
    }

    /// <summary>The custom properties an accent replaces; hex values only, so nothing else can reach the rule.</summary>
    public static string OverrideCss(AccentPalette palette) =>
        $":root{{--lp-color-primary:{palette.Primary.Hex};--lp-color-header-bg:{palette.Primary.Hex};" +
        $"--lp-color-primary-hover:{palette.Hover.Hex};--lp-color-primary-soft:{palette.Soft.Hex};" +
        $"--lp-callout-reflection-border:{palette.Primary.Hex}}}";

    /// <summary>The organisation id of a path <c>/org/{orgId}</c> or <c>/org/{orgId}/…</c>, or null.</summary>
    public static string? RouteOrganisation(string path)
    {
        var segments = path.Split('?', '#')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && string.Equals(segments[0], "org", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(segments[1]) : null;
    }
}

public static class ThemingServiceCollectionExtensions
{
    /// <summary>Organisation themes: settings, the per-request theme and their endpoints' services.</summary>
    public static IServiceCollection AddOrganisationThemes(this IServiceCollection services) =>
        services.AddSingleton<OrganisationThemeService>().AddSingleton<ActiveThemes>();
}
