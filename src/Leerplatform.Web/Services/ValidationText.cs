using System.Globalization;
using System.Resources;

namespace Leerplatform.Web.Services;

/// <summary>
/// Validation messages and field names for DataAnnotations (which resolves them through static properties of a
/// resource type). Reads the same resources as the UI, in the current UI culture.
/// </summary>
public static class ValidationText
{
    private static readonly ResourceManager Resources =
        new("Leerplatform.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static string Required => Get("Validation_Required");

    public static string Email => Get("Validation_Email");

    public static string StringLength => Get("Validation_StringLength");

    public static string Compare => Get("Validation_Compare");

    public static string Field_Name => Get("Field_Name");

    public static string Field_Email => Get("Field_Email");

    public static string Field_Password => Get("Field_Password");

    public static string Field_ConfirmPassword => Get("Field_ConfirmPassword");

    public static string Field_CurrentPassword => Get("Field_CurrentPassword");

    public static string Field_NewPassword => Get("Field_NewPassword");

    public static string Field_RememberMe => Get("Field_RememberMe");

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
