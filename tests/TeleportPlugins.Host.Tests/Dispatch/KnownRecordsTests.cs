using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Tests.Dispatch;

public sealed class KnownRecordsTests
{
    [Test]
    public void Put_MoreRequestsThanTheCapacity_LeastRecentlyLeftForgottenAndCountBounded()
    {
        var known = new KnownRecords(capacity: 2);
        var created = new RequestRecord(new Dictionary<string, string> { [HostKeys.Created] = "1" });

        known.Put("r1", created);
        known.Put("r2", created);
        known.Put("r1", created);
        known.Put("r3", created);

        Assert.That(known.Count, Is.EqualTo(2), "never more than the capacity, however many requests are pending");
        Assert.That(known.Take("r2"), Is.Null, "r2 was left longest ago");
        Assert.That(known.Take("r1"), Is.SameAs(created));
        Assert.That(known.Take("r1"), Is.Null, "a record is handed out once: its slot owns it from then on");
        Assert.That(known.Count, Is.EqualTo(1));
    }
}
