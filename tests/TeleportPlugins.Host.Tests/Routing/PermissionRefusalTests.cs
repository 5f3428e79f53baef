using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Routing;

public sealed class PermissionRefusalTests
{
    [Test]
    public void Refused_SaidOnceUntilGrantedAgain()
    {
        var refusal = new PermissionRefusal(new FakeTimeProvider(), TimeSpan.FromMinutes(1));

        var said = new[] { refusal.Refused(), refusal.Refused() };
        refusal.Granted();
        var afterWorking = refusal.Refused();

        Assert.That(said, Is.EqualTo(new[] { true, false }));
        Assert.That(afterWorking, Is.True, "a refusal after the permission worked again is news");
    }

    [Test]
    public void IsRemembered_ForTheGivenTimeOrUntilGranted()
    {
        var time = new FakeTimeProvider();
        var refusal = new PermissionRefusal(time, TimeSpan.FromMinutes(1));
        var before = refusal.IsRemembered;

        refusal.Refused();
        time.Advance(TimeSpan.FromSeconds(59));
        var within = refusal.IsRemembered;
        time.Advance(TimeSpan.FromSeconds(1));
        var after = refusal.IsRemembered;
        refusal.Refused();
        refusal.Granted();

        Assert.That((before, within, after, refusal.IsRemembered), Is.EqualTo((false, true, false, false)));
    }
}
