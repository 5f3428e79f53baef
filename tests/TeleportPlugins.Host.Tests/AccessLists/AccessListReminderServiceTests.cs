using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.AccessLists;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.AccessLists;

public sealed class AccessListReminderServiceTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RunAsync_RoleWithoutAccessListRead_SaysOnceThatRemindersAreOffAndStops()
    {
        var clock = new FakeTimeProvider(Due - TimeSpan.FromDays(3));
        var source = new FakeAccessListSource { Refuse = StatusCode.PermissionDenied };
        using var logs = new RecordingLoggerProvider();
        var service = Service(source, new RecordingReminderSender(), clock, logs);

        var run = service.RunAsync(CancellationToken.None);
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var warnings = logs.Messages(LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("Access list review reminders are off").And.Contain("access_list: [list, read]"));
        Assert.That(clock.ActiveTimers, Is.Zero, "no further pass is scheduled");
    }

    [Test]
    public async Task RunAsync_EveryCheckInterval_RunsAPassAndRemindsWhenTheNextIntervalStarts()
    {
        var clock = new FakeTimeProvider(Due - TimeSpan.FromDays(8));
        var source = new FakeAccessListSource();
        source.AddList(new AccessListEntry("payroll", "Payroll admins", Due, TimeSpan.FromDays(14), [new("alice", false)]));
        var sender = new RecordingReminderSender();
        using var logs = new RecordingLoggerProvider();
        using var stop = new CancellationTokenSource();
        var service = Service(source, sender, clock, logs);

        var run = service.RunAsync(stop.Token);
        await WaitUntilAsync(() => clock.ActiveTimers == 1);
        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice" }));

        for (var pass = 0; pass < 8; pass++)
        {
            var calls = source.ListCalls;
            clock.Advance(TimeSpan.FromHours(3));
            await WaitUntilAsync(() => source.ListCalls > calls && clock.ActiveTimers == 1);
        }

        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice", "alice" }), "a day later the second week began: one more reminder");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task RunAsync_UnavailableOnce_TriesAgainAtTheNextPass()
    {
        var clock = new FakeTimeProvider(Due - TimeSpan.FromDays(3));
        var source = new FakeAccessListSource { Refuse = StatusCode.Unavailable };
        source.AddList(new AccessListEntry("payroll", "Payroll admins", Due, TimeSpan.FromDays(14), [new("alice", false)]));
        var sender = new RecordingReminderSender();
        using var logs = new RecordingLoggerProvider();
        using var stop = new CancellationTokenSource();
        var run = Service(source, sender, clock, logs).RunAsync(stop.Token);
        await WaitUntilAsync(() => clock.ActiveTimers == 1);

        source.Refuse = null;
        clock.Advance(TimeSpan.FromHours(3));
        await WaitUntilAsync(() => sender.Sent.Count == 1);

        Assert.That(logs.Messages(LogLevel.Warning).Single(), Does.Contain("next pass tries again"));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static AccessListReminderService Service(FakeAccessListSource source, RecordingReminderSender sender, FakeTimeProvider clock, RecordingLoggerProvider logs)
    {
        var logger = logs.CreateLogger("reminders");
        var runner = new AccessListReminderRunner(source, () => [new ReminderSender("slack", sender)], () => null, clock, logger);
        return new AccessListReminderService(runner, TimeSpan.FromHours(3), clock, logger);
    }

    // Waits for the background loop to reach a state; not a timing assertion (the limit only stops a broken test).
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
