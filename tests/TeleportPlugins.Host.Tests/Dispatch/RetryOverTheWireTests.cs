using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;
using TeleportPlugins.Simulator.Testing;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

/// <summary>The engine on a fake clock, talking to the simulator over real HTTP/2 through the host's client.</summary>
public sealed class RetryOverTheWireTests
{
    [Test]
    public async Task Retry_429WithRetryAfter_NoRetryBeforeTheDelayAndOneAfter()
    {
        var clock = new FakeTimeProvider();
        await using var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions());
        var attempts = 0;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, _, _) => Interlocked.Increment(ref attempts) == 1
                ? throw new TransientAdapterException("Slack chat.postMessage failed with HTTP 429", TimeSpan.FromSeconds(30))
                : Task.CompletedTask,
        };
        await using var engine = new RequestEngine(
            peer.Client,
            [Active(slack, "slack")],
            name => new TeleportReviewService(peer.Client, name, null, NullLogger<TeleportReviewService>.Instance),
            FastWatch(),
            FastDispatch(),
            "replica-1",
            new HostReadiness(),
            clock,
            NullLoggerFactory.Instance);
        engine.Start();
        var id = await peer.CreateRequestAsync("alice", ["db"], "over the wire", [], new Dictionary<string, string[]>());

        await WaitUntilAsync(
            () => Volatile.Read(ref attempts) == 1 && peer.Server.GetPluginData(id).GetValueOrDefault("slack")?.ContainsKey("tp_claim") != true,
            "the first attempt failed and released its claim in Teleport",
            clock,
            TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(1), "no retry before Retry-After");

        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the retry delivered the step", clock, TimeSpan.FromMilliseconds(100));
        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(2));
        await WaitUntilAsync(
            () => peer.Server.GetPluginData(id).GetValueOrDefault("slack")?.ContainsKey("tp_created") == true,
            "the step is confirmed in Teleport's plugin data");
    }
}
