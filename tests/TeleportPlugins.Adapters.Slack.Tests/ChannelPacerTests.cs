using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Slack.Tests;

public sealed class ChannelPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(1100);

    [Test]
    public void WaitTurn_RepliesWaitingWhenAnAnnouncementArrives_AnnouncementTakesTheNextSlot()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPacer(clock, Interval);

        Assert.That(pacer.WaitTurnAsync("C1", PostPriority.Announcement, CancellationToken.None).IsCompleted, Is.True, "an idle channel posts at once");
        var reply1 = pacer.WaitTurnAsync("C1", PostPriority.FollowUp, CancellationToken.None);
        var reply2 = pacer.WaitTurnAsync("C1", PostPriority.FollowUp, CancellationToken.None);
        var announcement = pacer.WaitTurnAsync("C1", PostPriority.Announcement, CancellationToken.None);

        clock.Advance(Interval);
        Assert.That((announcement.IsCompleted, reply1.IsCompleted, reply2.IsCompleted), Is.EqualTo((true, false, false)), "the new request goes before the replies that waited longer");
        clock.Advance(Interval);
        Assert.That((reply1.IsCompleted, reply2.IsCompleted), Is.EqualTo((true, false)), "follow-ups keep their order, one slot each");
        clock.Advance(Interval);
        Assert.That(reply2.IsCompleted, Is.True);
    }

    [Test]
    public void WaitTurn_OtherChannelBusy_NotDelayed()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPacer(clock, Interval);
        _ = pacer.WaitTurnAsync("C1", PostPriority.Announcement, CancellationToken.None);
        var waiting = pacer.WaitTurnAsync("C1", PostPriority.FollowUp, CancellationToken.None);

        Assert.That(pacer.WaitTurnAsync("C2", PostPriority.FollowUp, CancellationToken.None).IsCompleted, Is.True);
        Assert.That(waiting.IsCompleted, Is.False);
    }

    [Test]
    public void WaitTurn_WaiterCancelled_ItsSlotGoesToTheNext()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPacer(clock, Interval);
        using var cancel = new CancellationTokenSource();
        _ = pacer.WaitTurnAsync("C1", PostPriority.Announcement, CancellationToken.None);
        var cancelled = pacer.WaitTurnAsync("C1", PostPriority.Announcement, cancel.Token);
        var next = pacer.WaitTurnAsync("C1", PostPriority.FollowUp, CancellationToken.None);

        cancel.Cancel();
        clock.Advance(Interval);

        Assert.That(cancelled.IsCanceled, Is.True);
        Assert.That(next.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void Learn_WaitersOnTheConfiguredName_ShareTheChannelIdsSchedule()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPacer(clock, Interval);
        _ = pacer.WaitTurnAsync("general", PostPriority.Announcement, CancellationToken.None);
        var byName = pacer.WaitTurnAsync("general", PostPriority.Announcement, CancellationToken.None);
        pacer.Learn("general", "C0GENERAL");
        var byId = pacer.WaitTurnAsync("C0GENERAL", PostPriority.FollowUp, CancellationToken.None);

        clock.Advance(Interval);
        Assert.That((byName.IsCompleted, byId.IsCompleted), Is.EqualTo((true, false)), "one schedule: one slot per interval");
        clock.Advance(Interval);
        Assert.That(byId.IsCompleted, Is.True);
    }
}
