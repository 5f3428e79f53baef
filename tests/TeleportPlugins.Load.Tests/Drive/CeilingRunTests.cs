using TeleportPlugins.Fakes;
using TeleportPlugins.Load.Drive;
using TeleportPlugins.Load.Fakes.Slack;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Run;

namespace TeleportPlugins.Load.Tests.Drive;

/// <summary>
/// The two ceilings of the load scenario against a simulator and a tool's fake, without a host: what each sends, counted
/// by the fakes and by the simulator.
/// </summary>
[NonParallelizable]
public sealed class CeilingRunTests
{
    private const int Requests = 5;
    private const int ToolCalls = 7;

    [Test]
    [CancelAfter(60_000)]
    public async Task RunHonestAsync_StepsSpreadOverRequestsAndPlugins_ToolCallsPlusAReadAndASucceedingCompareAndSwapPerStep(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(cancellationToken);
        var ids = Enumerable.Range(0, Requests).Select(cluster.CreateRequest).ToArray();
        var accepted = cluster.Tools[0].Server.Accepted;
        var mark = AuthServiceUsage.Mark(cluster.Simulator.Calls);
        var run = new CeilingRun(cluster.Tools, [ToolCalls], concurrency: 4);

        // 23 steps over 5 requests × 2 plugins: three for the first three pairs, two for the others.
        var outcome = await run.RunHonestAsync(new PluginDataLoad(cluster.Simulator, ids, ["slack", "jira"], Steps: 23), cancellationToken);

        var usage = AuthServiceUsage.Since(mark, cluster.Simulator.Calls);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ToolCalls, Is.EqualTo(ToolCalls));
            Assert.That(cluster.Tools[0].Server.Accepted - accepted, Is.EqualTo(ToolCalls), "calls the fake accepted");
            Assert.That(usage.PerRpc, Is.EquivalentTo(new Dictionary<string, long> { ["GetPluginData"] = 23, ["UpdatePluginData"] = 23 }));
            Assert.That(usage.CompareFailures, Is.Zero, "compare-and-swaps the simulator refused");
            Assert.That(outcome.PluginDataCalls, Is.EqualTo(46));
            Assert.That(outcome.CompareFailures, Is.Zero);
            Assert.That(run.Sent, Is.EqualTo(ToolCalls + 46));
            Assert.That(cluster.Simulator.GetPluginData(ids[0])["slack"][CeilingRun.StepKey], Is.EqualTo("3"));
            Assert.That(cluster.Simulator.GetPluginData(ids[4])["jira"][CeilingRun.StepKey], Is.EqualTo("2"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunHonestAsync_RecordAlreadyWritten_ExpectsWhatItReadAndEveryCompareAndSwapSucceeds(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(cancellationToken);
        var id = cluster.CreateRequest(0);
        await new CeilingRun(cluster.Tools, [0], concurrency: 2).RunHonestAsync(new PluginDataLoad(cluster.Simulator, [id], ["slack"], Steps: 3), cancellationToken);
        var mark = AuthServiceUsage.Mark(cluster.Simulator.Calls);

        var outcome = await new CeilingRun(cluster.Tools, [0], concurrency: 2).RunHonestAsync(new PluginDataLoad(cluster.Simulator, [id], ["slack"], Steps: 2), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.CompareFailures, Is.Zero);
            Assert.That(AuthServiceUsage.Since(mark, cluster.Simulator.Calls).Total, Is.EqualTo(4));
            Assert.That(cluster.Simulator.GetPluginData(id)["slack"], Is.EquivalentTo(new Dictionary<string, string> { [CeilingRun.StepKey] = "2" }));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunBareAsync_ToolCallsOnly_NoAuthServiceCall(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(cancellationToken);
        var mark = AuthServiceUsage.Mark(cluster.Simulator.Calls);

        var outcome = await new CeilingRun(cluster.Tools, [ToolCalls], concurrency: 4).RunBareAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ToolCalls, Is.EqualTo(ToolCalls));
            Assert.That(outcome.PluginDataCalls, Is.Zero);
            Assert.That(AuthServiceUsage.Since(mark, cluster.Simulator.Calls).Total, Is.Zero);
        });
    }

    /// <summary>A simulator and Slack's fake, which has kept one accepted call (auth.test) as the sample the ceilings replay.</summary>
    private static async Task<LoadCluster> StartAsync(CancellationToken cancellationToken)
    {
        var cluster = await LoadCluster.StartAsync(["slack"], Requests, FaultPlan.None);
        var slack = (SlackLoadTool)cluster.Tools[0];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(slack.ApiUrl, "auth.test"));
        request.Headers.Authorization = new("Bearer", slack.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        Assert.That(slack.Server.Samples, Has.Count.EqualTo(1), "the fake kept auth.test as a sample");
        return cluster;
    }
}
