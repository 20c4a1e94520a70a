using System.Globalization;
using System.Net;
using System.Text;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Theming;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>
/// An organisation admin's theme, accent and logo: applied for that organisation's members only, refused when the
/// accent fails AA contrast or the upload is bad, and the page and logo closed to everybody else.
/// </summary>
public sealed class OrganisationThemeTests
{
    private const string Admin = "beheerder@leerplatform.test";
    private const string Learner = "leerling@leerplatform.test";
    private const string OtherLearner = "leerling@anker.test";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3, 4];

    private static readonly byte[] Svg = Encoding.UTF8.GetBytes(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#1d4e89\"/></svg>");

    public OrganisationThemeTests()
    {
        // Messages are checked in Dutch, with a decimal comma.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("nl");
    }

    private static string Password(string email) => DemoUserSeeder.Users.Single(u => u.Email == email).Password;

    private static async Task<HttpClient> SignedInAsync(AppFactory app, string email, string? password = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInAsync(email, password ?? Password(email));
        return client;
    }

    private static async Task<(AppFactory App, string Organisation, OrganisationThemeService Service, string AdminId)> SetUpAsync()
    {
        var app = AppFactory.For("assessment-valid");
        var organisation = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        return (app, organisation, app.Services.GetRequiredService<OrganisationThemeService>(), await app.UserIdAsync(Admin));
    }

    [Fact]
    public async Task MembersOfTheOrganisationGetItsThemeAccentAndLogoAndNobodyElseDoes()
    {
        var (app, organisation, service, adminId) = await SetUpAsync();
        using (app)
        {
            var saved = await service.SaveAsync(organisation, adminId, new ThemeRequest("warm", "#1D4E89", "Logo van De Brug", new LogoUpload(Png, "logo.png")));
            Assert.True(saved.Saved, string.Join("; ", saved.Errors));

            var learner = await SignedInAsync(app, Learner);
            foreach (var page in new[] { "/", $"/org/{organisation}" })
            {
                var html = await learner.GetStringAsync(page);
                Assert.Contains("/themes/warm/theme.css?v=", html);
                Assert.Contains("--lp-color-primary:#1d4e89", html);
                Assert.Contains("--lp-color-header-bg:#1d4e89", html);
                Assert.Contains($"/api/org/{organisation}/logo?v=", html);
                Assert.Contains("alt=\"Logo van De Brug\"", html);
            }

            var logo = await learner.GetAsync($"/api/org/{organisation}/logo");
            Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
            Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync());
            Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());

            var other = await SignedInAsync(app, OtherLearner);
            var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            foreach (var client in new[] { other, anonymous })
            {
                var html = await client.GetStringAsync("/");
                Assert.DoesNotContain("/themes/warm/", html);
                Assert.DoesNotContain("#1d4e89", html);
                Assert.DoesNotContain("/logo?v=", html);
                Assert.Contains("/themes/default/theme.css?v=", html);
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/org/{organisation}/logo")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/org/{organisation}/logo")).StatusCode);
        }
    }

    [Fact]
    public async Task AnAccentThatFailsAaIsRefusedWithTheMeasuredRatioAndNothingIsSaved()
    {
        var (app, organisation, service, adminId) = await SetUpAsync();
        using (app)
        {
            var refused = await service.SaveAsync(organisation, adminId, new ThemeRequest("default", "#777777", null));

            Assert.False(refused.Saved);
            var message = Assert.Single(refused.Errors, e => e.Contains("de tekst op knoppen", StringComparison.Ordinal));
            Assert.Contains("4,47:1", message);
            Assert.Contains("4,5:1", message);
            Assert.Contains(refused.Errors, e => e.Contains("achtergrond van de pagina", StringComparison.Ordinal));
            await using (var db = await app.DbAsync())
            {
                Assert.False(await db.OrganisationThemes.AnyAsync());
            }

            Assert.True((await service.SaveAsync(organisation, adminId, new ThemeRequest("default", "#0a5c66", null))).Saved);
            Assert.False((await service.SaveAsync(organisation, adminId, new ThemeRequest("warm", "#ffd23f", null))).Saved);
            Assert.Equal("#0a5c66", (await service.GetAsync(organisation)).Accent);
            Assert.Equal("default", (await service.GetAsync(organisation)).ThemeName);
        }
    }

    [Theory]
    [InlineData("red", "zes tekens")]
    [InlineData("#0a5c66;}body{", "zes tekens")]
    [InlineData("#fff", "zes tekens")]
    public async Task ColourTextThatIsNotHexIsRefused(string accent, string reason)
    {
        var (app, organisation, service, adminId) = await SetUpAsync();
        using (app)
        {
            var result = await service.SaveAsync(organisation, adminId, new ThemeRequest("default", accent, null));

            Assert.Contains(result.Errors, e => e.Contains(reason, StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, byte[], string> BadUploads() => new()
    {
        { "too large", [.. Png, .. new byte[OrganisationThemeService.MaxLogoBytes]], "te groot" },
        { "text", Encoding.UTF8.GetBytes("gewoon tekst, geen afbeelding"), "geen PNG, SVG, WebP of JPG" },
        { "gif", Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"), "geen PNG, SVG, WebP of JPG" },
        { "html", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "geen PNG, SVG, WebP of JPG" },
        { "svg with dtd", Encoding.UTF8.GetBytes("<!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>"), "geen PNG, SVG, WebP of JPG" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task BadUploadsAreRefusedWithAReason(string what, byte[] bytes, string reason)
    {
        var (app, organisation, service, adminId) = await SetUpAsync();
        using (app)
        {
            var result = await service.SaveAsync(organisation, adminId, new ThemeRequest("default", null, "Logo", new LogoUpload(bytes, what + ".png")));

            Assert.Contains(result.Errors, e => e.Contains(reason, StringComparison.Ordinal));
            await using var db = await app.DbAsync();
            Assert.False(await db.OrganisationThemes.AnyAsync());
        }
    }

    [Fact]
    public async Task ALogoNeedsAnAltText()
    {
        var (app, organisation, service, adminId) = await SetUpAsync();
        using (app)
        {
            var result = await service.SaveAsync(organisation, adminId, new ThemeRequest("default", null, "  ", new LogoUpload(Png, "logo.png")));

            Assert.Contains(result.Errors, e => e.Contains("Schrijf een tekst bij het logo", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AnSvgLogoIsServedAsSvgThatCannotRunScript()
    {
        var (app, organisation, service, adminId) = await SetUpAsync();
        using (app)
        {
            Assert.True((await service.SaveAsync(organisation, adminId, new ThemeRequest("default", null, "Logo", new LogoUpload(Svg, "logo.svg")))).Saved);

            var response = await (await SignedInAsync(app, Learner)).GetAsync($"/api/org/{organisation}/logo");

            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("default-src 'none'; style-src 'unsafe-inline'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task OnlyTheOrganisationsAdminsOpenTheThemePage()
    {
        var (app, organisation, _, _) = await SetUpAsync();
        using (app)
        {
            var page = $"/org/{organisation}/thema";
            var admin = await SignedInAsync(app, Admin);
            Assert.Contains("Thema en logo", await admin.GetStringAsync(page));

            var otherAdmin = await app.CreateUserAsync("beheerder-anker@example.org");
            await app.AddMemberAsync(await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName), otherAdmin, OrganisationRoles.Admin);
            foreach (var client in new[] { await SignedInAsync(app, Learner), await SignedInAsync(app, "beheerder-anker@example.org", "een lang wachtwoord") })
            {
                var refused = await client.GetAsync(page);
                Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
                Assert.StartsWith("/account/geen-toegang", refused.Headers.Location!.PathAndQuery);
            }

            var outsider = await SignedInAsync(app, "beheerder-anker@example.org", "een lang wachtwoord");
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/org/{organisation}/logo")).StatusCode);
            var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(page)).StatusCode);
        }
    }
}
