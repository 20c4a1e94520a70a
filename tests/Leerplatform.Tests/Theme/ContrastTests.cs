using Leerplatform.Core.Theming;

namespace Leerplatform.Tests.Theme;

/// <summary>The contrast maths against values published by WCAG and common checkers (WebAIM).</summary>
public sealed class ContrastTests
{
    private static readonly RgbColour White = RgbColour.Parse("#ffffff");
    private static readonly ThemeBaseColours WhiteOnAccent = new(White, White, White, RgbColour.Parse("#ffd23f"));

    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#ffffff", 1.0)]
    [InlineData("#767676", "#ffffff", 4.54)]
    [InlineData("#777777", "#ffffff", 4.47)]
    [InlineData("#0000ff", "#ffffff", 8.59)]
    [InlineData("#ff0000", "#ffffff", 3.99)]
    [InlineData("#595959", "#ffffff", 7.0)]
    public void RatioMatchesKnownWcagValues(string foreground, string background, double expected)
    {
        var ratio = Contrast.Ratio(RgbColour.Parse(foreground), RgbColour.Parse(background));

        Assert.Equal(expected, ratio, 0.01);
        Assert.Equal(ratio, Contrast.Ratio(RgbColour.Parse(background), RgbColour.Parse(foreground)), 10);
    }

    [Fact]
    public void GreySevenSixPassesAaAndSevenSevenFails()
    {
        Assert.True(Contrast.Ratio(RgbColour.Parse("#767676"), White) >= Contrast.AaText);
        Assert.True(Contrast.Ratio(RgbColour.Parse("#777777"), White) < Contrast.AaText);
    }

    [Fact]
    public void LuminanceRunsFromBlackToWhite()
    {
        Assert.Equal(0.0, Contrast.Luminance(RgbColour.Parse("#000000")), 10);
        Assert.Equal(1.0, Contrast.Luminance(White), 10);
        Assert.Equal(0.2126, Contrast.Luminance(RgbColour.Parse("#ff0000")), 4);
    }

    [Fact]
    public void TruncatedRatioNeverRoundsUpToThePassMark() => Assert.Equal(4.49, Contrast.Truncated(4.4999));

    [Theory]
    [InlineData("#0A5C66", "#0a5c66")]
    [InlineData(" #abcdef ", "#abcdef")]
    public void ParsesOnlyHexColours(string text, string hex) => Assert.Equal(hex, RgbColour.Parse(text).Hex);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("#fff")]
    [InlineData("0a5c66")]
    [InlineData("#0a5c6g")]
    [InlineData("#0a5c66;}body{")]
    [InlineData("red")]
    [InlineData("#0a5c660")]
    public void RefusesAnythingButHexColours(string? text) => Assert.False(RgbColour.TryParse(text, out _));

    [Fact]
    public void ADarkAccentPassesEveryCheckAndHoverIsDarker()
    {
        var palette = AccentPalette.From(RgbColour.Parse("#0a5c66"));

        Assert.Empty(palette.Check(WhiteOnAccent));
        Assert.True(Contrast.Luminance(palette.Hover) < Contrast.Luminance(palette.Primary));
        Assert.True(Contrast.Luminance(palette.Soft) > Contrast.Luminance(palette.Primary));
    }

    [Fact]
    public void ALightAccentFailsWithTheMeasuredRatio()
    {
        var failures = AccentPalette.From(RgbColour.Parse("#777777")).Check(WhiteOnAccent);

        var button = Assert.Single(failures, f => f.Use == AccentUse.ButtonText);
        Assert.Equal(4.47, button.Ratio, 0.01);
        Assert.Equal(4.5, button.Required);
        Assert.Contains(failures, f => f.Use == AccentUse.TextOnPage);
    }

    [Fact]
    public void TheBorderlineGreyPasses() => Assert.Empty(AccentPalette.From(RgbColour.Parse("#767676")).Check(WhiteOnAccent));
}
