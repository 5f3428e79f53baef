using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Reviews;

public sealed class LookupCacheTests
{
    [Test]
    public void Set_BeyondCapacity_OldestAnswerGoesFirst()
    {
        var time = new FakeTimeProvider();
        var cache = new LookupCache<ReviewerBinding, ReviewerLookup>(time, TimeSpan.FromMinutes(1), capacity: 2);
        cache.Set(Binding("U1"), ReviewerLookup.Found("one"));
        time.Advance(TimeSpan.FromSeconds(1));
        cache.Set(Binding("U2"), ReviewerLookup.Found("two"));
        time.Advance(TimeSpan.FromSeconds(1));

        cache.Set(Binding("U3"), ReviewerLookup.Found("three"));

        Assert.That(cache.TryGet(Binding("U1"), out _), Is.False);
        Assert.That(cache.TryGet(Binding("U2"), out var two) && two.TeleportUser == "two", Is.True);
        Assert.That(cache.TryGet(Binding("U3"), out var three) && three.TeleportUser == "three", Is.True);
    }

    [Test]
    public void Set_FullWithExpiredAnswers_ExpiredOnesMakeRoom()
    {
        var time = new FakeTimeProvider();
        var cache = new LookupCache<ReviewerBinding, ReviewerLookup>(time, TimeSpan.FromMinutes(1), capacity: 2);
        cache.Set(Binding("U1"), ReviewerLookup.Found("one"));
        time.Advance(TimeSpan.FromSeconds(30));
        cache.Set(Binding("U2"), ReviewerLookup.Found("two"));
        time.Advance(TimeSpan.FromSeconds(31));

        cache.Set(Binding("U3"), ReviewerLookup.Found("three"));

        Assert.That(cache.TryGet(Binding("U2"), out _), Is.True, "the live answer stays; the expired one made room");
        Assert.That(cache.TryGet(Binding("U3"), out _), Is.True);
    }

    private static ReviewerBinding Binding(string id) => new("slack_uid", id, null, false);
}
