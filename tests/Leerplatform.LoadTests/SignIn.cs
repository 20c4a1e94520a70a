using System.Net;
using System.Text.RegularExpressions;

namespace Leerplatform.LoadTests;

/// <summary>
/// Signs a learner in through the static SSR form <c>/account/inloggen</c> (antiforgery token and form name
/// included), as a browser does, and returns the cookies the circuit is then opened with.
/// </summary>
public static partial class SignIn
{
    public const string CookieName = "leerplatform.auth";

    public static async Task<CookieContainer> SignInAsync(Uri baseUri, string email, string password, CancellationToken cancellationToken)
    {
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        var form = await http.GetStringAsync("account/inloggen", cancellationToken);
        var token = TokenPattern().Match(form) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("the sign-in page has no antiforgery token");
        using var content = new FormUrlEncodedContent(
        [
            new("_handler", "login"),
            new("__RequestVerificationToken", token),
            new("Input.Email", email),
            new("Input.Password", password),
        ]);
        using var response = await http.PostAsync("account/inloggen", content, cancellationToken);
        if (cookies.GetCookies(baseUri)[CookieName] is null)
        {
            throw new InvalidOperationException($"signing in as {email} failed (HTTP {(int)response.StatusCode}, no {CookieName} cookie)");
        }

        return cookies;
    }

    /// <summary>Cookies from a cache file (one line per account: e-mail, tab, Cookie header) or a fresh sign-in.</summary>
    public static CookieContainer FromHeader(Uri baseUri, string header)
    {
        var cookies = new CookieContainer();
        cookies.SetCookies(baseUri, header.Replace("; ", ",", StringComparison.Ordinal));
        return cookies;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
