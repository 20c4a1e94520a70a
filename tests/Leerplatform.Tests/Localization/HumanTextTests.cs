using System.Globalization;
using Leerplatform.Core.Localization;

namespace Leerplatform.Tests.Localization;

public sealed class HumanTextTests
{
    private static readonly CultureInfo Dutch = new("nl-BE");
    private static readonly CultureInfo English = new("en");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, "± 1 minuut")]
    [InlineData(20, "± 20 minuten")]
    [InlineData(60, "± 1 uur")]
    [InlineData(90, "± 1 uur en 30 minuten")]
    [InlineData(125, "± 2 uur en 5 minuten")]
    public void EstimatedDurationReadsAsDutch(int minutes, string expected) =>
        Assert.Equal(expected, HumanText.EstimatedDuration(minutes, Dutch));

    [Fact]
    public void EstimatedDurationFollowsEnglishWhenChosen() =>
        Assert.Equal("± 1 hour and 30 minutes", HumanText.EstimatedDuration(90, English));

    [Theory]
    [InlineData(0, 0, 0, "nu")]
    [InlineData(0, 0, 30, "30 seconden geleden")]
    [InlineData(0, 5, 0, "5 minuten geleden")]
    [InlineData(0, 1, 0, "een minuut geleden")]
    [InlineData(3, 0, 0, "3 uur geleden")]
    [InlineData(24, 0, 0, "gisteren")]
    [InlineData(72, 0, 0, "3 dagen geleden")]
    public void MomentsInThePastReadAsDutch(int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, HumanText.Ago(Now - new TimeSpan(hours, minutes, seconds), Now, Dutch));

    [Fact]
    public void DutchAppliesToBothRegions()
    {
        Assert.Equal("2 dagen geleden", HumanText.Ago(Now.AddDays(-2), Now, new CultureInfo("nl-NL")));
        Assert.Equal("over 2 dagen", HumanText.Ago(Now.AddDays(2), Now, new CultureInfo("nl-BE")));
        Assert.Equal("2 days ago", HumanText.Ago(Now.AddDays(-2), Now, English));
    }
}
