namespace Leerplatform.Data.Entities;

/// <summary>
/// An organisation's look: a theme folder, an optional accent colour and an optional logo. One row per
/// organisation (absent: the platform default). A table of its own keeps logo bytes out of every query on
/// <see cref="Organisation"/>.
/// </summary>
public sealed class OrganisationTheme
{
    public string OrganisationId { get; set; } = string.Empty;

    /// <summary>Folder name under <c>themes/</c>.</summary>
    public string ThemeName { get; set; } = "default";

    /// <summary>Lower-case <c>#rrggbb</c>, checked for AA contrast before it was saved; null: the theme's own colours.</summary>
    public string? AccentColour { get; set; }

    public byte[]? LogoBytes { get; set; }

    /// <summary>Determined from the file's bytes, never from what the browser claimed.</summary>
    public string? LogoContentType { get; set; }

    /// <summary>SHA-256 (hex) of <see cref="LogoBytes"/>: the logo URL's cache buster.</summary>
    public string? LogoHash { get; set; }

    public string? LogoAlt { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string? UpdatedByUserId { get; set; }
}
