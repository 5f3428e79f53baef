using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Load.Scenarios;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Scenarios;

/// <summary>Progress lines on a fake clock: one as each phase starts, then one per interval, whatever the phase.</summary>
public sealed class ProgressReporterTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Enter_PhaseWithoutItsOwnCounter_StillALineEveryInterval(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var output = new ProgressLines();
        var settings = new RunSettings { Progress = output, Time = clock, ProgressInterval = TimeSpan.FromSeconds(5) };
        var sent = 0;

        await using (var progress = new ProgressReporter(settings, "load 100"))
        {
            progress.Enter("starting the host");
            await WaitForTimerAsync(clock, cancellationToken);
            clock.Advance(TimeSpan.FromSeconds(5));
            await output.WaitForAsync(2, cancellationToken);
            progress.Enter("honest ceiling", () => $"{sent} of 10 calls");
            sent = 4;
            clock.Advance(TimeSpan.FromSeconds(5));
            await output.WaitForAsync(4, cancellationToken);
            clock.Advance(TimeSpan.FromSeconds(5));
            await output.WaitForAsync(5, cancellationToken);
        }

        Assert.That(output.Lines, Is.EqualTo(new[]
        {
            "  [load 100 0s] starting the host",
            "  [load 100 5s] starting the host",
            "  [load 100 5s] honest ceiling: 0 of 10 calls",
            "  [load 100 10s] honest ceiling: 4 of 10 calls",
            "  [load 100 15s] honest ceiling: 4 of 10 calls",
        }));
    }

    /// <summary>The reporter's loop creates its timer on a worker thread; moving the clock before then would be lost.</summary>
    private static async Task WaitForTimerAsync(FakeTimeProvider clock, CancellationToken cancellationToken)
    {
        while (clock.ActiveTimers == 0)
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}
