using TeleportPlugins.Fakes;
using System.Net.Http.Headers;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Tests.Support;

/// <summary>
/// What every load tool must show against its real adapter, run in-process with the values of the tool's
/// configuration section: each tool's test class derives from this and adds the checks of its own API's shapes.
/// </summary>
/// <typeparam name="TTool">The load tool.</typeparam>
public abstract class LoadToolTests<TTool>
    where TTool : ILoadTool
{
    private const int Requests = 3;

    // Enough calls (about 8 a request) that the seeded plan injects both kinds of fault.
    private const int FaultedRequests = 20;

    [Test]
    public async Task Lifecycle_ThreeRequests_EveryEventArrivesWithOneRootAndOneReplyPerReview()
    {
        var log = new ArrivalLog(Requests, [AdapterName]);
        await using var tool = await StartAsync(log, FaultPlan.None);
        using var run = Run(tool);

        var health = await run.Adapter.CheckHealthAsync(CancellationToken.None);
        await run.RunAsync(Requests);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        LoadAssertions.EveryEventArrivedOnce(log, tool, Requests);
    }

    [Test]
    public async Task Lifecycle_InjectedFaults_AnsweredCountedAndNotArrivals()
    {
        var log = new ArrivalLog(FaultedRequests, [AdapterName]);
        await using var tool = await StartAsync(log, new FaultPlan(0.05, 0.02) { Armed = true });
        using var run = Run(tool);

        await run.RunAsync(FaultedRequests);

        LoadAssertions.EveryEventArrivedOnce(log, tool, FaultedRequests);
        LoadAssertions.FaultsAnsweredAndNotCounted(log, tool, run);
    }

    [Test]
    public async Task CheckHealth_WrongCredentials_UnhealthyAndRefused()
    {
        var log = new ArrivalLog(1, [AdapterName]);
        await using var tool = await StartAsync(log, FaultPlan.None);
        using var run = Run(tool, wrongCredentials: true);

        var health = await run.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain(WrongCredentialsHealth));
            Assert.That(tool.Server.Refused, Is.EqualTo(1), "the refusal is counted");
            Assert.That(log.Calls(0), Is.Zero, "a refusal is no accepted call");
        });
    }

    [Test]
    public async Task Samples_ReplayedAsTheCeilingMeasurementDoes_AcceptedAgain()
    {
        var log = new ArrivalLog(Requests, [AdapterName]);
        await using var tool = await StartAsync(log, FaultPlan.None);
        using (var run = Run(tool))
        {
            await run.RunAsync(Requests);
        }

        log.Recording = false;
        var statuses = new List<string>();
        foreach (var call in tool.Server.Samples)
        {
            using var content = call.Method == "GET" ? null : new StringContent(call.Body);
            if (content is not null && call.Headers.TryGetValue("Content-Type", out var type))
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }

            var headers = call.Headers.Where(h => h.Key != "Content-Type").Select(h => (h.Key, h.Value)).ToArray();
            var (status, _, _) = await Wire.SendAsync(new HttpMethod(call.Method), new Uri(tool.Server.BaseAddress, call.PathAndQuery.TrimStart('/')), content, headers);
            statuses.Add($"{call.Method} {call.PathAndQuery}: {(int)status}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.Not.Empty);
            Assert.That(statuses, Has.All.Match(": 20[01]$"));
            Assert.That(tool.Server.Refused, Is.Zero, "calls the fake refused");
        });
    }

    [Test]
    public async Task LoadTools_AdapterName_StartsThisTool()
    {
        var tools = await LoadTools.StartAsync([AdapterName], new ArrivalLog(1, [AdapterName]), FaultPlan.None);
        await using var tool = tools.Single();

        Assert.That(tool, Is.InstanceOf<TTool>().And.Property(nameof(ILoadTool.Adapter)).EqualTo(AdapterName));
    }

    [Test]
    public async Task ConfigSection_HostCheck_Accepted()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, [AdapterName]), FaultPlan.None);

        var (exitCode, output) = await HostCheck.RunAsync(tool);

        Assert.That(exitCode, Is.Zero, output);
    }

    /// <summary>The adapter's name.</summary>
    private protected abstract string AdapterName { get; }

    /// <summary>What the adapter's health description says when the tool refused its credentials.</summary>
    private protected abstract string WrongCredentialsHealth { get; }

    /// <summary>Starts the tool.</summary>
    private protected abstract Task<TTool> StartAsync(ArrivalLog log, FaultPlan faults);

    /// <summary>The real adapter with the values of the tool's section, or with credentials the tool refuses.</summary>
    private protected abstract AdapterLoadRun Run(TTool tool, bool wrongCredentials = false);
}
