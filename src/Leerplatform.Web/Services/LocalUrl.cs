namespace Leerplatform.Web.Services;

/// <summary>Guards redirects after sign-in and language switches against open-redirect tricks.</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
