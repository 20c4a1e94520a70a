using System.ComponentModel.DataAnnotations;

namespace Leerplatform.Web.Services;

/// <summary>Settings under "Leerplatform" in appsettings or environment (Leerplatform__ContentPath=…).</summary>
public sealed class LeerplatformOptions
{
    public const string Section = "Leerplatform";

    /// <summary>Folder with the curriculum. Empty: the <c>content/</c> folder next to Leerplatform.sln.</summary>
    public string ContentPath { get; set; } = string.Empty;

    /// <summary>Folder with themes. Empty: the <c>themes/</c> folder next to Leerplatform.sln.</summary>
    public string ThemesPath { get; set; } = string.Empty;

    [Required]
    [RegularExpression("^[a-z0-9-]+$")]
    public string Theme { get; set; } = "default";

    /// <summary>Folder for the embedded SQLite database, relative to the app's content root.</summary>
    [Required]
    public string DataPath { get; set; } = "App_Data";

    /// <summary>Overrides the SQLite default entirely when set.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Reload content when files change (Development).</summary>
    public bool WatchContent { get; set; }

    /// <summary>Create the demo accounts listed in the README (Development).</summary>
    public bool SeedDemoUsers { get; set; }
}
