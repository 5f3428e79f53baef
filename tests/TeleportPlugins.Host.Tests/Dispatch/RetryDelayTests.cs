using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

public sealed class RetryDelayTests
{
    [Test]
    public async Task Retry_RetryAfterShorterThanRetryMin_EachRetryWaitsTheRetryAfterNotTheBackoff()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var logs = new RecordingLoggerProvider();
        var attempts = 0;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, _, _) => Interlocked.Increment(ref attempts) <= 3
                ? throw new TransientAdapterException("Slack chat.postMessage failed with HTTP 429", TimeSpan.FromSeconds(1))
                : Task.CompletedTask,
        };
        var options = FastDispatch();
        options.RetryMin = TimeSpan.FromSeconds(10);
        options.RetryMax = TimeSpan.FromMinutes(1);
        options.CallTimeout = TimeSpan.FromMinutes(1);
        options.ClaimTtl = TimeSpan.FromMinutes(2);
        await using var engine = Start(cluster.Connect(), [slack], clock, options, logs: logs);
        var start = clock.GetUtcNow();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the third retry delivered the step", clock, TimeSpan.FromMilliseconds(100));

        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(4));
        Assert.That(logs.Messages(LogLevel.Warning).Where(m => m.Contains("retrying in", StringComparison.Ordinal)), Has.Exactly(3).EndsWith("retrying in 00:00:01"));
        Assert.That(clock.GetUtcNow() - start, Is.LessThan(options.RetryMin), "three retries a second apart, not one backoff of at least retry_min");
    }

    [Test]
    public void NextDelay_RetryAfterGiven_ReturnedAsGivenAndBackoffDoesNotGrow()
    {
        // The random source pinned near 1 makes every backoff step grow as much as it can.
        var retry = new RetryState("created", DateTimeOffset.UnixEpoch, new DecorrelatedBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), () => 0.999));

        var asked = Enumerable.Range(0, 5).Select(_ => retry.NextDelay(TimeSpan.FromSeconds(1))).ToList();
        var afterOutage = retry.NextDelay(null);

        Assert.That(asked, Is.All.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(afterOutage, Is.LessThan(TimeSpan.FromSeconds(3)), "the first backoff step from retry_min, as if no rate limit had come before");
    }

    [Test]
    public void NextDelay_RetryAfterZero_FallsBackToTheBackoff()
    {
        var retry = new RetryState("created", DateTimeOffset.UnixEpoch, new DecorrelatedBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), () => 0));

        Assert.That(retry.NextDelay(TimeSpan.Zero), Is.EqualTo(TimeSpan.FromSeconds(2)));
    }
}
