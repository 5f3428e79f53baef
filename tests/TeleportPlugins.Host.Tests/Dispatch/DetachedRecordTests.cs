using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Dispatch;

public sealed class DetachedRecordTests
{
    private static readonly LifecycleStep Created = new(StepKind.Created);

    [Test]
    public void Release_WithAnAttemptThatMayHaveReachedTheTool_RetriesLookUntilConfirmed()
    {
        var time = new FakeTimeProvider();
        var record = new DetachedRecord(time);
        LifecycleStep? Plan(RequestRecord current) => current.IsCreated ? null : Created;
        var lost = new StepResumption("created", time.GetUtcNow());

        var first = record.Claim(Created, Plan);
        record.Release(Created, [new("messages", "C1/1")], lost);
        var retry = record.Claim(Created, Plan);
        record.Release(Created, [], retry.Resumed);
        var secondRetry = record.Claim(Created, Plan);
        record.Confirm(new StepCompletion(Created, new Dictionary<string, string>(), new Dictionary<string, string>(), Failed: false));

        Assert.That((first.Resumed, retry.Resumed, secondRetry.Resumed), Is.EqualTo(((StepResumption?)null, lost, lost)));
        Assert.That(record.Current.Get("messages"), Is.EqualTo("C1/1"), "what the failed attempt recorded is kept");
        Assert.That(record.Claim(Created, current => Created).Resumed, Is.Null, "the confirm ends the looking");
    }

    [Test]
    public void Release_AfterARefusal_RetryDoesNotLook()
    {
        var record = new DetachedRecord(new FakeTimeProvider());

        record.Claim(Created, _ => Created);
        record.Release(Created, [], resumed: null);

        Assert.That(record.Claim(Created, _ => Created).Resumed, Is.Null);
    }
}
