using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Common.Tests.Reviews;

public sealed class ReplayGuardTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void NewClock() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    [Test]
    public void Check_FirstDeliveryInsideTheWindow_Accepted()
    {
        var guard = new ReplayGuard(_time, Window);

        Assert.That(guard.Check("sig-1", _time.GetUtcNow().AddSeconds(-30)), Is.EqualTo(ReplayCheck.Accepted));
    }

    [Test]
    public void Check_SameKeyAgain_Replayed()
    {
        var guard = new ReplayGuard(_time, Window);
        var sent = _time.GetUtcNow();
        guard.Check("sig-1", sent);
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.That(guard.Check("sig-1", sent), Is.EqualTo(ReplayCheck.Replayed));
        Assert.That(guard.Check("sig-2", sent), Is.EqualTo(ReplayCheck.Accepted));
    }

    [Test]
    public void Check_TimestampOlderOrNewerThanTheWindow_Stale()
    {
        var guard = new ReplayGuard(_time, Window);
        var now = _time.GetUtcNow();

        Assert.That(guard.Check("old", now - Window - TimeSpan.FromSeconds(1)), Is.EqualTo(ReplayCheck.Stale));
        Assert.That(guard.Check("future", now + Window + TimeSpan.FromSeconds(1)), Is.EqualTo(ReplayCheck.Stale));
        Assert.That(guard.Check("edge", now - Window), Is.EqualTo(ReplayCheck.Accepted));
    }

    [Test]
    public void Check_ReplayAfterItsTimestampLeftTheWindow_StaleNotAccepted()
    {
        var guard = new ReplayGuard(_time, Window);
        var sent = _time.GetUtcNow();
        guard.Check("sig-1", sent);
        _time.Advance(Window + TimeSpan.FromSeconds(1));

        Assert.That(guard.Check("sig-1", sent), Is.EqualTo(ReplayCheck.Stale));
    }

    [Test]
    public void Check_CapacityReached_FullUntilOldKeysExpire()
    {
        var guard = new ReplayGuard(_time, Window, capacity: 2);
        var sent = _time.GetUtcNow();
        guard.Check("a", sent);
        guard.Check("b", sent);

        Assert.That(guard.Check("c", sent), Is.EqualTo(ReplayCheck.Full));

        _time.Advance(Window + TimeSpan.FromSeconds(1));
        Assert.That(guard.Check("c", _time.GetUtcNow()), Is.EqualTo(ReplayCheck.Accepted));
    }

    [Test]
    public void Release_DeliveryFailedBeforeAnyEffect_RetryAcceptedOnceThenReplayed()
    {
        var guard = new ReplayGuard(_time, Window);
        var sent = _time.GetUtcNow();
        guard.Check("event-1", sent);

        guard.Release("event-1");

        Assert.That(guard.Check("event-1", sent), Is.EqualTo(ReplayCheck.Accepted));
        Assert.That(guard.Check("event-1", sent), Is.EqualTo(ReplayCheck.Replayed));
    }

    [Test]
    public void Release_KeyAcceptedAgainWithALaterTimestamp_FirstExpiryDoesNotForgetIt()
    {
        var guard = new ReplayGuard(_time, Window);
        var first = _time.GetUtcNow();
        guard.Check("key", first);
        guard.Release("key");
        _time.Advance(TimeSpan.FromMinutes(2));
        var second = _time.GetUtcNow();
        guard.Check("key", second);

        _time.Advance(Window - TimeSpan.FromMinutes(1));

        Assert.That(guard.Check("key", second), Is.EqualTo(ReplayCheck.Replayed));
    }
}
