using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Leerplatform.Tests.Support;

/// <summary>Drives the real server-rendered forms over HTTP (antiforgery token included), like a browser without script.</summary>
public static class Browserless
{
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the sign-out form of the page header (with its antiforgery token).</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(this HttpClient client)
    {
        var document = await client.GetDocumentAsync("/");
        var form = document.Forms.Single(f => f.GetAttribute("action") == "/account/uitloggen");
        var values = form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
        return await client.PostAsync("/account/uitloggen", new FormUrlEncodedContent(values));
    }

    /// <summary>Fills the form named <paramref name="formName"/> on the page and posts it; returns the response.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        var document = await client.GetDocumentAsync(url);
        var form = document.Forms.Single(f => f.QuerySelector($"input[name=_handler][value={formName}]") is not null);
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.SubmitFormAsync("/account/inloggen", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"sign-in of {email} did not redirect: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public static async Task RegisterAsync(this HttpClient client, string name, string email, string password)
    {
        var response = await client.SubmitFormAsync("/account/registreren", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        Assert.True((int)response.StatusCode is >= 300 and < 400, $"registration did not redirect: {(int)response.StatusCode}");
    }
}
