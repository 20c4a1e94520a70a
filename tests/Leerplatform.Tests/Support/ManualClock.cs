namespace Leerplatform.Tests.Support;

/// <summary>A clock the test moves by hand (expiry of invitations and the like).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
