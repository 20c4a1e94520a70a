using System.Globalization;
using System.Security.Cryptography;
using Leerplatform.Core.Theming;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Leerplatform.Web.Services.Theming;

/// <summary>What an organisation admin asks to save. <see cref="Logo"/> null keeps the current logo.</summary>
public sealed record ThemeRequest(string ThemeName, string? Accent, string? LogoAlt, LogoUpload? Logo = null, bool RemoveLogo = false);

/// <summary>An uploaded file as received; its type is decided from its bytes, not from the name or the browser.</summary>
public sealed record LogoUpload(byte[] Bytes, string FileName);

/// <summary>An organisation's saved settings, for the settings page.</summary>
public sealed record OrganisationThemeSettings(string ThemeName, string? Accent, string? LogoAlt, string? LogoHash);

/// <summary>Saved, or refused with reasons (Dutch or English, in the current UI culture); nothing is saved when refused.</summary>
public sealed record ThemeSaveResult(IReadOnlyList<string> Errors)
{
    public bool Saved => Errors.Count == 0;
}

/// <summary>
/// Reads, checks and saves an organisation's theme, accent colour and logo. An accent is saved only when every
/// pair it takes part in meets WCAG AA (<see cref="AccentPalette.Check"/>); the stored value is the normalised
/// <c>#rrggbb</c>, so what reaches a stylesheet was never raw input.
/// </summary>
public sealed class OrganisationThemeService(
    IDbContextFactory<LeerplatformDbContext> contexts,
    ThemeService themes,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock)
{
    /// <summary>Largest logo accepted.</summary>
    public const int MaxLogoBytes = 200 * 1024;

    public const int MaxAltLength = 200;

    public async Task<OrganisationThemeSettings> GetAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.OrganisationThemes.AsNoTracking()
            .Where(t => t.OrganisationId == organisationId)
            .Select(t => new OrganisationThemeSettings(t.ThemeName, t.AccentColour, t.LogoAlt, t.LogoHash))
            .FirstOrDefaultAsync(cancellationToken);
        return row is not null && themes.Find(row.ThemeName) is not null ? row : new OrganisationThemeSettings(themes.Default.Name, row?.Accent, row?.LogoAlt, row?.LogoHash);
    }

    /// <summary>Checks an accent against a theme: the palette, or the reasons it is refused.</summary>
    public (AccentPalette? Palette, IReadOnlyList<string> Errors) CheckAccent(string themeName, string? accent)
    {
        var theme = themes.Find(themeName) ?? themes.Default;
        if (string.IsNullOrWhiteSpace(accent))
        {
            return (null, []);
        }

        if (!RgbColour.TryParse(accent, out var colour))
        {
            return (null, [localizer["Theme_Error_AccentFormat"]]);
        }

        var palette = AccentPalette.From(colour);
        var errors = palette.Check(theme.BaseColours).Select(f => (string)localizer["Theme_Error_Contrast",
            colour.Hex, localizer[$"Theme_Use_{f.Use}"].Value,
            Contrast.Truncated(f.Ratio).ToString("0.00", CultureInfo.CurrentCulture),
            f.Required.ToString("0.0", CultureInfo.CurrentCulture)]).ToList();
        return (errors.Count == 0 ? palette : null, errors);
    }

    public async Task<ThemeSaveResult> SaveAsync(string organisationId, string? userId, ThemeRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        if (themes.Find(request.ThemeName) is null)
        {
            errors.Add(localizer["Theme_Error_UnknownTheme"]);
        }

        var (palette, accentErrors) = CheckAccent(request.ThemeName, request.Accent);
        errors.AddRange(accentErrors);

        string? logoType = null;
        if (request.Logo is { } logo)
        {
            logoType = LogoTypes.Detect(logo.Bytes);
            if (logo.Bytes.Length > MaxLogoBytes)
            {
                errors.Add(localizer["Theme_Error_LogoTooLarge", MaxLogoBytes / 1024]);
            }
            else if (logoType is null)
            {
                errors.Add(localizer["Theme_Error_LogoType"]);
            }
        }

        var alt = string.IsNullOrWhiteSpace(request.LogoAlt) ? null : request.LogoAlt.Trim();
        if (alt is { Length: > MaxAltLength })
        {
            errors.Add(localizer["Theme_Error_AltTooLong", MaxAltLength]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.OrganisationThemes.FirstOrDefaultAsync(t => t.OrganisationId == organisationId, cancellationToken);
        var willHaveLogo = request.Logo is not null || (!request.RemoveLogo && row?.LogoBytes is not null);
        if (willHaveLogo && alt is null)
        {
            errors.Add(localizer["Theme_Error_AltRequired"]);
        }

        if (errors.Count > 0)
        {
            return new ThemeSaveResult(errors);
        }

        if (row is null)
        {
            row = new OrganisationTheme { OrganisationId = organisationId };
            db.OrganisationThemes.Add(row);
        }

        row.ThemeName = request.ThemeName;
        row.AccentColour = palette?.Primary.Hex;
        row.LogoAlt = alt;
        if (request.Logo is not null)
        {
            row.LogoBytes = request.Logo.Bytes;
            row.LogoContentType = logoType;
            row.LogoHash = Convert.ToHexStringLower(SHA256.HashData(request.Logo.Bytes));
        }
        else if (request.RemoveLogo)
        {
            (row.LogoBytes, row.LogoContentType, row.LogoHash) = (null, null, null);
        }

        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        row.UpdatedByUserId = userId;
        await db.SaveChangesAsync(cancellationToken);
        return new ThemeSaveResult([]);
    }

    /// <summary>The stored logo, or null.</summary>
    public async Task<(byte[] Bytes, string ContentType, string Hash)?> LogoAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.OrganisationThemes.AsNoTracking()
            .Where(t => t.OrganisationId == organisationId && t.LogoBytes != null)
            .Select(t => new { t.LogoBytes, t.LogoContentType, t.LogoHash })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.LogoBytes!, row.LogoContentType!, row.LogoHash!);
    }
}
