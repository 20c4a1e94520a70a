namespace Leerplatform.Web.Components.Layout;

/// <summary>Whether the page the router rendered and the address the browser shows are different pages.</summary>
public static class LocationMismatch
{
    /// <summary>
    /// True when <paramref name="shown"/> is another page than <paramref name="rendered"/>. The fragment does not
    /// count (a skip link changes only that), nor does an address outside the app (never navigated to).
    /// </summary>
    public static bool Differs(string rendered, string? shown)
    {
        if (string.IsNullOrEmpty(shown)
            || !Uri.TryCreate(rendered, UriKind.Absolute, out var renderedUri)
            || !Uri.TryCreate(shown, UriKind.Absolute, out var shownUri)
            || Uri.Compare(renderedUri, shownUri, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        return Uri.Compare(renderedUri, shownUri, UriComponents.PathAndQuery, UriFormat.UriEscaped, StringComparison.Ordinal) != 0;
    }
}
