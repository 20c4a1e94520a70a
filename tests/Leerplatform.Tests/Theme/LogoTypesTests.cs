using System.Text;
using Leerplatform.Web.Services.Theming;

namespace Leerplatform.Tests.Theme;

/// <summary>Logo types come from the bytes, whatever the file is called.</summary>
public sealed class LogoTypesTests
{
    public static TheoryData<byte[], string?> Files() => new()
    {
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "image/png" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg" },
        { [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBPVP8 "u8], "image/webp" },
        { Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "image/svg+xml" },
        { Encoding.UTF8.GetBytes("<svg/>"), null },
        { Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\">"), null },
        { [.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8], null },
        { "GIF89a"u8.ToArray(), null },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void DetectsTheTypeFromTheBytes(byte[] bytes, string? expected) => Assert.Equal(expected, LogoTypes.Detect(bytes));

    [Theory]
    [InlineData("/org/abc/thema", "abc")]
    [InlineData("/org/abc", "abc")]
    [InlineData("/org/abc?x=1", "abc")]
    [InlineData("/organisaties", null)]
    [InlineData("/", null)]
    [InlineData("/modules/org/x", null)]
    public void TheOrganisationInTheRouteDecidesTheLook(string path, string? organisation) =>
        Assert.Equal(organisation, ActiveThemes.RouteOrganisation(path));
}
