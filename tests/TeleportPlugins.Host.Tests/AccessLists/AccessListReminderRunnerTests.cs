using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.AccessLists;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.AccessLists;

public sealed class AccessListReminderRunnerTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    [Test]
    public async Task RunOnce_BeforeNotificationWindow_RemindsNobody()
    {
        var (source, sender, clock) = Setup(Due - Window - TimeSpan.FromMinutes(1));

        var sent = await Runner(source, sender, clock).RunOnceAsync(CancellationToken.None);

        Assert.That(sent, Is.Zero);
        Assert.That(sender.Sent, Is.Empty);
        Assert.That(source.Data("payroll", "slack"), Is.Empty);
    }

    [Test]
    public async Task RunOnce_InsideWindow_RemindsOncePerWeekUntilDue()
    {
        var (source, sender, clock) = Setup(Due - Window);
        var runner = Runner(source, sender, clock);

        await runner.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));
        await runner.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(23));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice" }), "days 0, 3 and 6 of the first week: one reminder");

        clock.Advance(TimeSpan.FromHours(1));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice", "alice" }), "the second week starts 7 days before the due date");
        var reminder = sender.Sent[^1];
        Assert.That(reminder.Overdue, Is.False);
        Assert.That(reminder.ToText(), Is.EqualTo("Access List Payroll admins is due for a review by 2026-12-01. Please review it soon!\nhttps://teleport.example.com/web/accesslists/payroll"));
        Assert.That(source.Data("payroll", "slack")["reminded/alice"], Is.EqualTo("2026-11-24T00:00:00.0000000Z"));
    }

    [Test]
    public async Task RunOnce_Overdue_RemindsDaily()
    {
        var (source, sender, clock) = Setup(Due - TimeSpan.FromDays(1));
        var runner = Runner(source, sender, clock);
        await runner.RunOnceAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(3));
        await runner.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(18));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Sent, Has.Count.EqualTo(2), "the weekly reminder before the due date, then one for the first overdue day");

        clock.Advance(TimeSpan.FromHours(3));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Sent, Has.Count.EqualTo(3), "a day after the due date starts the next daily interval");
        Assert.That(sender.Sent[^1].DaysPastDue, Is.EqualTo(1));
        Assert.That(sender.Sent[^1].ToText(), Does.StartWith("Access List Payroll admins is 1 day(s) past due for a review! Please review it."));
    }

    [Test]
    public async Task RunOnce_NestedOwnerLists_RemindsEveryMemberOnceAndCutsTheCycle()
    {
        var clock = new FakeTimeProvider(Due - TimeSpan.FromDays(2));
        var source = new FakeAccessListSource();
        source.AddList(new AccessListEntry("payroll", "Payroll admins", Due, Window, [new("alice", false), new("finance-leads", true)]));
        source.AddMembers("finance-leads", new("bob", false), new("auditors", true));
        source.AddMembers("auditors", new("carol", false), new("alice", false), new("finance-leads", true));
        var sender = new RecordingReminderSender();

        await Runner(source, sender, clock).RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice", "bob", "carol" }));
    }

    [Test]
    public async Task RunOnce_TwoReplicasRacing_RemindEachOwnerOncePerInterval()
    {
        var (source, sender, clock) = Setup(Due - TimeSpan.FromDays(3));
        var first = Runner(source, sender, clock);
        var second = Runner(source, sender, clock);

        // The first replica has read the (empty) reminder data; the second runs its whole pass before the first writes.
        source.BeforeNextUpdate = () => second.RunOnceAsync(CancellationToken.None);
        await first.RunOnceAsync(CancellationToken.None);
        await second.RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice" }));
        Assert.That(source.RejectedUpdates, Is.EqualTo(1), "the first replica's write lost the compare-and-swap");
    }

    [Test]
    public async Task RunOnce_TransientDeliveryFailure_GivesTheClaimBackForTheNextPass()
    {
        var (source, sender, clock) = Setup(Due - TimeSpan.FromDays(3));
        var runner = Runner(source, sender, clock);
        sender.FailNext = new TransientAdapterException("slack answered 503");

        await runner.RunOnceAsync(CancellationToken.None);
        Assert.That(source.Data("payroll", "slack"), Does.Not.ContainKey("reminded/alice"));

        clock.Advance(TimeSpan.FromHours(3));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice" }));
    }

    [Test]
    public async Task RunOnce_SeveralAdapters_KeepTheirOwnRecordPerAdapter()
    {
        var (source, slack, clock) = Setup(Due - TimeSpan.FromDays(3));
        var email = new RecordingReminderSender();
        var runner = new AccessListReminderRunner(
            source, () => [new ReminderSender("slack", slack), new ReminderSender("email", email)], () => null, clock, NullLogger.Instance);

        await runner.RunOnceAsync(CancellationToken.None);

        Assert.That(slack.Owners(), Is.EqualTo(new[] { "alice" }));
        Assert.That(email.Owners(), Is.EqualTo(new[] { "alice" }));
        Assert.That(email.Sent[0].Link, Is.Null, "no proxy address known: no link");
        Assert.That(source.Data("payroll", "email"), Does.ContainKey("reminded/alice"));
    }

    [Test]
    public async Task RunOnce_AdapterWithItsOwnNotificationWindow_NotDueThenDueThenOverdueOnItsOwnSchedule()
    {
        var (source, slack, clock) = Setup(Due - TimeSpan.FromDays(10));
        var email = new RecordingReminderSender();
        var runner = new AccessListReminderRunner(
            source, () => [new ReminderSender("slack", slack), new ReminderSender("email", email, TimeSpan.FromDays(3))], () => null, clock, NullLogger.Instance);

        await runner.RunOnceAsync(CancellationToken.None);
        Assert.That((slack.Sent.Count, email.Sent.Count), Is.EqualTo((1, 0)), "10 days ahead: inside the list's 14-day window, not yet in email's 3 days");
        Assert.That(source.Data("payroll", "email"), Is.Empty);

        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await runner.RunOnceAsync(CancellationToken.None);
        Assert.That((slack.Sent.Count, email.Sent.Count), Is.EqualTo((2, 0)), "a minute before email's window opens");

        clock.Advance(TimeSpan.FromMinutes(1));
        await runner.RunOnceAsync(CancellationToken.None);
        Assert.That((slack.Sent.Count, email.Sent.Count), Is.EqualTo((2, 1)), "email's window opens 3 days ahead; slack's week has not turned");

        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await runner.RunOnceAsync(CancellationToken.None);
        Assert.That((slack.Sent.Count, email.Sent.Count), Is.EqualTo((3, 2)), "overdue: daily for both");
        Assert.That(email.Sent[^1].Overdue, Is.True);
        Assert.That(source.Data("payroll", "email")["reminded/alice"], Is.EqualTo("2026-12-01T01:00:00.0000000Z"));
    }

    [Test]
    public async Task RunOnce_ManyPages_ReadsEveryPage()
    {
        var (source, sender, clock) = Setup(Due - TimeSpan.FromDays(3));
        source.AddList(new AccessListEntry("not-due", "Not due", Due + TimeSpan.FromDays(60), Window, [new("dave", false)]));
        source.AddList(new AccessListEntry("ops", "Ops", Due, Window, [new("erin", false)]));

        await Runner(source, sender, clock).RunOnceAsync(CancellationToken.None);

        Assert.That(source.ListCalls, Is.EqualTo(3));
        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice", "erin" }));
    }

    [Test]
    public void RunOnce_PermissionDenied_Throws()
    {
        var (source, sender, clock) = Setup(Due - TimeSpan.FromDays(3));
        source.Refuse = StatusCode.PermissionDenied;

        var failure = Assert.ThrowsAsync<RpcException>(() => Runner(source, sender, clock).RunOnceAsync(CancellationToken.None));

        Assert.That(failure!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    private static (FakeAccessListSource Source, RecordingReminderSender Sender, FakeTimeProvider Clock) Setup(DateTimeOffset now)
    {
        var source = new FakeAccessListSource();
        source.AddList(new AccessListEntry("payroll", "Payroll admins", Due, Window, [new("alice", false)]));
        return (source, new RecordingReminderSender(), new FakeTimeProvider(now));
    }

    private static AccessListReminderRunner Runner(FakeAccessListSource source, RecordingReminderSender sender, FakeTimeProvider clock) =>
        new(source, () => [new ReminderSender("slack", sender)], () => "teleport.example.com:443", clock, NullLogger.Instance);
}
