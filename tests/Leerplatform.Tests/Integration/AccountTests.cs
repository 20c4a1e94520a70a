using System.Net;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leerplatform.Tests.Integration;

public sealed class AccountTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient NewClient() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task RegisteringSignsTheNewLearnerInAndReturnsToTheRequestedPage()
    {
        var client = NewClient();
        var response = await client.SubmitFormAsync("/account/registreren?returnUrl=%2Fmijn-leren", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Yusuf",
            ["Input.Email"] = $"yusuf-{Guid.NewGuid():N}@example.org",
            ["Input.Password"] = "mijn wachtwoord is lang",
            ["Input.ConfirmPassword"] = "mijn wachtwoord is lang",
        });

        Assert.Equal("/mijn-leren", LocalPath(response));
        var page = await client.GetDocumentAsync("/mijn-leren");
        Assert.Equal("Mijn leren", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Yusuf", page.QuerySelector(".account-name")!.TextContent);
    }

    [Fact]
    public async Task RegistrationRejectsShortPasswordsAndDuplicateEmailsWithDutchMessages()
    {
        var email = $"dubbel-{Guid.NewGuid():N}@example.org";
        await NewClient().RegisterAsync("Eerste", email, "een goed wachtwoord");

        var shortPassword = await NewClient().SubmitFormAsync("/account/registreren", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Kort", ["Input.Email"] = $"kort-{Guid.NewGuid():N}@example.org",
            ["Input.Password"] = "kort", ["Input.ConfirmPassword"] = "kort",
        });
        var duplicate = await NewClient().SubmitFormAsync("/account/registreren", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Tweede", ["Input.Email"] = email,
            ["Input.Password"] = "een ander wachtwoord", ["Input.ConfirmPassword"] = "een ander wachtwoord",
        });

        Assert.Equal(HttpStatusCode.OK, shortPassword.StatusCode);
        Assert.Contains("Wachtwoord moet tussen 8 en 100 tekens lang zijn.", await shortPassword.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains($"Er bestaat al een account met e-mailadres &#x27;{email}&#x27;.", await duplicate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheDemoLearnerCanSignInAndOut()
    {
        var demo = DemoUserSeeder.Users[0];
        var client = NewClient();

        await client.SignInAsync(demo.Email, demo.Password);
        var signedIn = await client.GetDocumentAsync("/");
        var signOut = await client.SignOutAsync();

        Assert.Equal(demo.DisplayName, signedIn.QuerySelector(".account-name")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Null((await client.GetDocumentAsync("/")).QuerySelector(".account-name"));
    }

    [Fact]
    public async Task SigningOutWithoutAnAntiforgeryTokenIsRefused()
    {
        var demo = DemoUserSeeder.Users[0];
        var client = NewClient();
        await client.SignInAsync(demo.Email, demo.Password);

        var response = await client.PostAsync("/account/uitloggen", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await client.GetDocumentAsync("/")).QuerySelector(".account-name"));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenForTheRightPassword()
    {
        var email = $"slot-{Guid.NewGuid():N}@example.org";
        await NewClient().RegisterAsync("Slot", email, "het juiste wachtwoord");
        var client = NewClient();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.SubmitFormAsync("/account/inloggen", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "fout" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await client.SubmitFormAsync("/account/inloggen", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "het juiste wachtwoord" });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Te veel mislukte pogingen", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALearnerCanChangeThePasswordAndSignInWithTheNewOne()
    {
        var email = $"wijzig-{Guid.NewGuid():N}@example.org";
        var client = NewClient();
        await client.RegisterAsync("Wijzig", email, "het oude wachtwoord");

        var response = await client.SubmitFormAsync("/account/wachtwoord", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "het oude wachtwoord",
            ["Input.NewPassword"] = "het nieuwe wachtwoord",
            ["Input.ConfirmPassword"] = "het nieuwe wachtwoord",
        });

        Assert.Contains("Je wachtwoord is gewijzigd.", await response.Content.ReadAsStringAsync());
        await NewClient().SignInAsync(email, "het nieuwe wachtwoord");
    }

    [Theory]
    [InlineData("/mijn-leren")]
    [InlineData("/account/wachtwoord")]
    [InlineData("/beheer/inhoud")]
    public async Task PagesForSignedInUsersSendAnonymousVisitorsToSignIn(string url)
    {
        var response = await NewClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/inloggen", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task SignInNeverRedirectsToAnotherSite(string returnUrl)
    {
        var demo = DemoUserSeeder.Users[0];
        var response = await NewClient().SubmitFormAsync($"/account/inloggen?returnUrl={Uri.EscapeDataString(returnUrl)}", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = demo.Email,
            ["Input.Password"] = demo.Password,
        });

        Assert.Equal("/", LocalPath(response));
    }

    /// <summary>The redirect target as a path on this site (fails when it points at another host).</summary>
    private static string LocalPath(HttpResponseMessage response)
    {
        var location = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.Equal("localhost", location.Host);
        return location.PathAndQuery;
    }
}
