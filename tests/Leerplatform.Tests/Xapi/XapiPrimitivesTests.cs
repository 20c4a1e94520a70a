using Leerplatform.Core.Xapi;

namespace Leerplatform.Tests.Xapi;

public sealed class XapiPrimitivesTests
{
    [Theory]
    [InlineData("2026-11-30T10:15:00Z", "2026-11-30T10:15:00.0000000+00:00")]
    [InlineData("2008-09-15T15:53:00.601+00:00", "2008-09-15T15:53:00.6010000+00:00")]
    [InlineData("2026-11-30T10:15:00.123456789+01:00", "2026-11-30T09:15:00.1234567+00:00")]
    [InlineData("2026-11-30T10:15-0530", "2026-11-30T15:45:00.0000000+00:00")]
    [InlineData("2026-11-30t10:15:00z", "2026-11-30T10:15:00.0000000+00:00")]
    public void ATimestampKeepsItsTextAndFindsItsInstant(string text, string utc)
    {
        var timestamp = XapiTimestamp.Parse(text);
        Assert.Equal(text, timestamp.Text);
        Assert.Equal(utc, timestamp.Value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-11-30T10:15:00")]
    [InlineData("2026-11-30T10:15:00-00")]
    [InlineData("2026-11-30T10:15:00-0000")]
    [InlineData("2026-11-30T10:15:00-00:00")]
    [InlineData("2026-13-01T10:15:00Z")]
    [InlineData("2026-11-30 10:15:00Z")]
    [InlineData("30/11/2026")]
    [InlineData("")]
    public void ATimestampWithoutARealOffsetOrDateIsRefused(string text) =>
        Assert.False(XapiTimestamp.TryParse(text, out _));

    [Fact]
    public void AnInstantIsWrittenInUtcWithMilliseconds() =>
        Assert.Equal("2026-11-30T09:15:00.120Z",
            XapiTimestamp.FromInstant(new DateTimeOffset(2026, 11, 30, 10, 15, 0, 120, TimeSpan.FromHours(1))).Text);

    [Theory]
    [InlineData(0, "PT0S")]
    [InlineData(90.5, "PT1M30.5S")]
    [InlineData(3600, "PT1H")]
    [InlineData(3723.456, "PT1H2M3.46S")]
    [InlineData(90000, "PT25H")]
    public void ADurationIsWrittenInHoursMinutesAndCentiseconds(double seconds, string text) =>
        Assert.Equal(text, XapiDuration.FromTimeSpan(TimeSpan.FromSeconds(seconds)).Text);

    [Theory]
    [InlineData("PT1M30.5S", 90.5)]
    [InlineData("P1D", 86400)]
    [InlineData("P1W", 604800)]
    [InlineData("PT0,5S", 0.5)]
    [InlineData("P1Y2M3DT4H5M6S", 31536000 + 5184000 + 259200 + 14706)]
    public void ADurationIsRead(string text, double seconds)
    {
        Assert.True(XapiDuration.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.Value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("PT1.5")]
    [InlineData("1M")]
    [InlineData("PT-5S")]
    public void AMalformedDurationIsRefused(string text) => Assert.False(XapiDuration.TryParse(text, out _));

    [Theory]
    [InlineData("1.0.3", true, XapiVersion.V1_0_3)]
    [InlineData("1.0", true, XapiVersion.V1_0_3)]
    [InlineData("1.0.0", true, XapiVersion.V1_0_3)]
    [InlineData("2.0.0", true, XapiVersion.V2_0_0)]
    [InlineData("2.0.1", true, XapiVersion.V2_0_0)]
    [InlineData("0.95", false, XapiVersion.V1_0_3)]
    [InlineData("1.1.0", false, XapiVersion.V1_0_3)]
    [InlineData("banaan", false, XapiVersion.V1_0_3)]
    [InlineData(null, false, XapiVersion.V1_0_3)]
    public void TheVersionHeaderIsNegotiated(string? header, bool ok, XapiVersion expected)
    {
        Assert.Equal(ok, XapiVersions.TryParseHeader(header, out var version));
        Assert.Equal(expected, version);
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("nl-BE")]
    [InlineData("en-US")]
    [InlineData("zh-Hant-TW")]
    [InlineData("es-419")]
    [InlineData("x-klingon")]
    public void CommonLanguageTagsAreAccepted(string tag) => Assert.True(StatementValidator.IsLanguageTag(tag));

    [Theory]
    [InlineData("nederlands plat")]
    [InlineData("n")]
    [InlineData("nl_BE")]
    [InlineData("")]
    public void MalformedLanguageTagsAreRefused(string tag) => Assert.False(StatementValidator.IsLanguageTag(tag));
}

public sealed class OutboxBackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 1000)]
    [InlineData(1, 1.0, 2000)]
    [InlineData(2, 0.0, 2000)]
    [InlineData(3, 0.5, 6000)]
    [InlineData(20, 0.0, 300000)]
    [InlineData(20, 1.0, 600000)]
    public void TheDelayDoublesPerFailureUpToTheCapWithHalfOfItRandom(int failures, double random, double milliseconds) =>
        Assert.Equal(milliseconds, Leerplatform.Web.Services.Xapi.XapiOutboxWorker.Backoff(failures, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10), random).TotalMilliseconds, 3);
}
