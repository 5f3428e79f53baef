using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Reminders;

/// <summary>Reminders of pending requests on a fake clock: when they go, to whom, and that each goes once.</summary>
public sealed class PendingReminderTests
{
    private static readonly DateTimeOffset Created = SampleRequests.Pending().Created;

    [Test]
    public async Task Reminder_PendingRequest_FirstAtExactlyCreatedPlusAfterAndNotBefore()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var slack = new ReminderAdapter("slack", clock);
        await using var engine = Start(cluster.Connect(), [slack], clock, reminders: Settings(Options()));
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the request was announced");

        clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        await WaitIdleAsync(engine);
        Assert.That(slack.Reminders, Is.Empty, "nothing before created + after");

        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => slack.Reminders.Count == 1, "the first reminder was sent");
        Assert.That(slack.Reminders[0].Number, Is.EqualTo(1));
        Assert.That(slack.Reminders[0].At, Is.EqualTo(Created + TimeSpan.FromMinutes(30)));
        Assert.That(cluster.PluginData(id, "slack")["tp_reminders"], Is.EqualTo("1"));
    }

    [Test]
    public async Task Reminder_StaysPending_RepeatsEveryRepeatAndEscalatesAfterTheConfiguredCount()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var slack = new ReminderAdapter("slack", clock);
        await using var engine = Start(cluster.Connect(), [slack], clock, reminders: Settings(Options(escalateAfter: 2, escalateTo: ["#oncall-leads", "#sec"])));
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the request was announced");

        foreach (var (advance, count) in new[] { (30, 1), (60, 2), (60, 3), (60, 4) })
        {
            clock.Advance(TimeSpan.FromMinutes(advance));
            await WaitUntilAsync(() => slack.Reminders.Count == count, $"reminder {count} was sent");
        }

        await WaitIdleAsync(engine);
        Assert.That(slack.RemindersOf(id), Is.EqualTo(new[] { "1", "2", "3>#oncall-leads,#sec", "4>#oncall-leads,#sec" }));
        Assert.That(
            slack.Reminders.Select(r => r.At - Created),
            Is.EqualTo(new[] { TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(150), TimeSpan.FromMinutes(210) }));
    }

    [Test]
    public async Task Reminder_RequestResolvedOrDeletedBeforeDue_NoneSentAndNothingScheduled()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var slack = new ReminderAdapter("slack", clock);
        await using var engine = Start(cluster.Connect(), [slack], clock, reminders: Settings(Options()));
        var approved = cluster.Create(SampleRequests.Pending("r1")).Id;
        var deleted = cluster.Create(SampleRequests.Pending("r2")).Id;
        await WaitUntilAsync(() => slack.StepsOf(approved).Count == 1 && slack.StepsOf(deleted).Count == 1, "both were announced");
        Assert.That(engine.ScheduledReminders, Is.EqualTo(2), "one entry per pending request");

        cluster.Resolve(approved, AccessRequestState.Approved);
        cluster.Delete(deleted);
        await WaitUntilAsync(() => slack.StepsOf(approved).Count == 2 && slack.StepsOf(deleted).Count == 2, "both ended");
        clock.Advance(TimeSpan.FromHours(5));
        await WaitIdleAsync(engine);

        Assert.That(slack.Reminders, Is.Empty);
        Assert.That(engine.ScheduledReminders, Is.Zero);
    }

    [Test]
    public async Task Reminder_ResolvedBetweenDueTimeAndSend_NotSentAndResolutionDelivered()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var client = cluster.Connect();
        var slack = new ReminderAdapter("slack", clock);
        await using var engine = Start(client, [slack], clock, reminders: Settings(Options()));
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the request was announced");

        // Approved in Teleport after the reminder fell due, before it was sent: the host's snapshot still says pending.
        client.BeforeGetAccessRequest = requestId => cluster.Resolve(requestId, AccessRequestState.Approved);
        clock.Advance(TimeSpan.FromMinutes(30));
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 2, "the resolution was delivered");
        await WaitIdleAsync(engine);

        Assert.That(slack.Reminders, Is.Empty);
        Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created", "resolved:Approved" }));
        Assert.That(cluster.PluginData(id, "slack"), Does.Not.ContainKey("tp_reminders"));
    }

    [Test]
    public async Task Reminder_TwoReplicasOnOneCluster_EachReminderSentOnce()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var slackA = new ReminderAdapter("slack", clock) { ReminderHook = (_, token) => Task.Delay(Random.Shared.Next(1, 4), token) };
        var slackB = new ReminderAdapter("slack", clock) { ReminderHook = (_, token) => Task.Delay(Random.Shared.Next(1, 4), token) };
        var settings = Settings(Options(escalateAfter: 1, escalateTo: ["#leads"]));

        // Two requests at a time per replica, taken in the same order by both, so that they collide on most of them.
        var dispatch = FastDispatch();
        dispatch.ConcurrencyPerAdapter = 2;
        await using var a = Start(cluster.Connect(), [slackA], clock, dispatch, replica: "replica-a", reminders: settings);
        await using var b = Start(cluster.Connect(), [slackB], clock, dispatch, replica: "replica-b", reminders: settings);
        var ids = Enumerable.Range(0, 20).Select(i => cluster.Create(SampleRequests.Pending($"r{i}")).Id).ToList();
        await WaitUntilAsync(() => ids.All(id => slackA.StepsOf(id).Count + slackB.StepsOf(id).Count == 1), "every request was announced once");

        foreach (var (advance, count) in new[] { (30, 1), (60, 2), (60, 3) })
        {
            clock.Advance(TimeSpan.FromMinutes(advance));

            // A replica that finds the other's live claim looks again on a (fake) timer: move the clock by milliseconds.
            await WaitUntilAsync(() => a.IsIdle && b.IsIdle && slackA.Reminders.Count + slackB.Reminders.Count >= count * ids.Count, $"reminder {count} went out", clock, TimeSpan.FromMilliseconds(5));
        }

        await WaitIdleAsync(a, b);
        foreach (var id in ids)
        {
            Assert.That(slackA.RemindersOf(id).Concat(slackB.RemindersOf(id)), Is.EquivalentTo(new[] { "1", "2>#leads", "3>#leads" }), id);
        }

        Assert.That(slackA.Reminders, Is.Not.Empty, "replica A sent some");
        Assert.That(slackB.Reminders, Is.Not.Empty, "replica B sent some");
    }

    [Test]
    public async Task Reminder_RestartBetweenReminders_NoDuplicateAndTheNextOnTime()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var before = new ReminderAdapter("slack", clock);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await using (var first = Start(cluster.Connect(), [before], clock, reminders: Settings(Options())))
        {
            clock.Advance(TimeSpan.FromMinutes(45));
            await WaitUntilAsync(() => before.Reminders.Count == 1, "the first reminder was sent");
            await WaitIdleAsync(first);
            await first.StopAsync(CancellationToken.None);
        }

        var after = new ReminderAdapter("slack", clock);
        await using var second = Start(cluster.Connect(), [after], clock, reminders: Settings(Options()));
        await WaitUntilAsync(() => second.ScheduledReminders == 1, "the restarted engine scheduled the request");
        await WaitIdleAsync(second);
        Assert.That(after.Reminders, Is.Empty, "reminder 1 is not sent again");
        Assert.That(after.StepsOf(id), Is.Empty, "nor the announcement");

        clock.Advance(TimeSpan.FromMinutes(45));
        await WaitUntilAsync(() => after.Reminders.Count == 1, "the second reminder was sent");
        Assert.That(after.Reminders[0].Number, Is.EqualTo(2));
        Assert.That(after.Reminders[0].At, Is.EqualTo(Created + TimeSpan.FromMinutes(90)));
    }

    [Test]
    public async Task Reminder_PerAdapterOverride_EachAdapterOnItsOwnScheduleAndOneEntryPerRequest()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var slack = new ReminderAdapter("slack", clock);
        var email = new ReminderAdapter("email", clock);
        var jira = new RecordingAdapter("jira");
        var global = Options();
        var settings = new ReminderSettings(global, new Dictionary<string, ReminderOptions> { ["slack"] = Options(after: TimeSpan.FromMinutes(10)) });
        await using var engine = Start(cluster.Connect(), [slack, email, jira], clock, reminders: settings);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1 && email.StepsOf(id).Count == 1 && jira.StepsOf(id).Count == 1, "announced everywhere");
        Assert.That(engine.ScheduledReminders, Is.EqualTo(1), "one schedule entry for the request, not one per adapter");

        clock.Advance(TimeSpan.FromMinutes(10));
        await WaitUntilAsync(() => slack.Reminders.Count == 1, "slack's reminder was sent");
        await WaitIdleAsync(engine);
        Assert.That(email.Reminders, Is.Empty, "email keeps the global after = 30m");

        clock.Advance(TimeSpan.FromMinutes(20));
        await WaitUntilAsync(() => email.Reminders.Count == 1, "email's reminder was sent");
        await WaitIdleAsync(engine);
        Assert.That(email.Reminders[0].At, Is.EqualTo(Created + TimeSpan.FromMinutes(30)));
        Assert.That(slack.Reminders, Has.Count.EqualTo(1), "slack's next is at 10m + 1h");
        Assert.That(jira.StepsOf(id), Is.EqualTo(new[] { "created" }), "an adapter without the ability gets none");
        Assert.That(cluster.PluginData(id, "jira"), Does.Not.ContainKey("tp_reminders"));
    }

    [Test]
    public async Task Start_ReminderTableForAnAdapterThatCannotRemind_WarnsOnceAndSchedulesNothingForIt()
    {
        var clock = new FakeTimeProvider(Created);
        var cluster = new FakeTeleportCluster();
        var logs = new RecordingLoggerProvider();
        var slack = new ReminderAdapter("slack", clock);
        var jira = new RecordingAdapter("jira");
        var settings = new ReminderSettings(Options(), new Dictionary<string, ReminderOptions> { ["jira"] = Options(after: TimeSpan.FromMinutes(5)) });
        await using var engine = Start(cluster.Connect(), [slack, jira], clock, logs: logs, reminders: settings);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1 && jira.StepsOf(id).Count == 1, "announced everywhere");
        await WaitIdleAsync(engine);

        // (The fake cluster lets no role watch routing rules: that warning is not this test's.)
        var warnings = logs.Messages(LogLevel.Warning).Where(m => m.Contains("remind", StringComparison.Ordinal)).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Is.EqualTo("Adapter jira has a [reminders.jira] table but cannot send reminders (it does not implement IReminderSender); it gets none"));
    }

    private static ReminderOptions Options(TimeSpan? after = null, int escalateAfter = 0, IReadOnlyList<string>? escalateTo = null) => new()
    {
        After = after ?? TimeSpan.FromMinutes(30),
        Repeat = TimeSpan.FromHours(1),
        EscalateAfter = escalateAfter,
        EscalateTo = escalateTo ?? [],
    };

    private static ReminderSettings Settings(ReminderOptions global) => new(global, new Dictionary<string, ReminderOptions>());
}
