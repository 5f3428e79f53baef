using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Http;

/// <summary><c>GET /metrics</c> on the real listener, with steps delivered through the real engine over a fake cluster.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly Dictionary<string, string> Families = new()
    {
        ["process_resident_memory_bytes"] = "gauge",
        ["process_cpu_seconds_total"] = "counter",
        ["process_start_time_seconds"] = "gauge",
        ["dotnet_gc_heap_size_bytes"] = "gauge",
        ["dotnet_gc_total_allocated_bytes"] = "counter",
        ["dotnet_gc_collections_total"] = "counter",
        ["dotnet_total_memory_bytes"] = "gauge",
        ["teleport_plugins_adapters_loaded"] = "gauge",
        ["teleport_plugins_watch_streams_opened_total"] = "counter",
        ["teleport_plugins_steps_total"] = "counter",
        ["teleport_plugins_steps_resumed_total"] = "counter",
        ["teleport_plugins_step_duration_seconds"] = "histogram",
    };

    [Test]
    public async Task Get_AfterStepsDeliveredThroughTheEngine_EveryFamilyInTheExpositionFormat()
    {
        var cluster = new FakeTeleportCluster();
        var slack = new RecordingAdapter("slack");
        var jira = new RecordingAdapter("jira");
        var metrics = new HostMetrics();
        await using var engine = Start(cluster.Connect(), [slack, jira], metrics: metrics);
        await using var server = await StartServerAsync(new HttpOptions { ListenAddress = "127.0.0.1:0" }, metrics);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "the engine reconciled");

        var approved = cluster.Create(SampleRequests.Pending("req-7f3a91")).Id;
        var pending = cluster.Create(SampleRequests.Pending("req-0c44d2")).Id;
        cluster.Review(approved, "bob-reviewer", AccessRequestState.Approved);
        await WaitUntilAsync(() => slack.StepsOf(approved).Count == 3 && jira.StepsOf(approved).Count == 3 && slack.StepsOf(pending).Count == 1 && jira.StepsOf(pending).Count == 1, "every step arrived");
        await WaitIdleAsync(engine);
        var (response, text) = await ScrapeAsync(server);
        var exposition = Exposition.Parse(text);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.GetValues("Content-Type").Single(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        Assert.That(exposition.Types, Is.EquivalentTo(Families));
        Assert.That(exposition.Helps.Keys, Is.EquivalentTo(Families.Keys));
        Assert.That(exposition.Value("teleport_plugins_adapters_loaded"), Is.EqualTo(2));
        Assert.That(exposition.Value("teleport_plugins_watch_streams_opened_total"), Is.GreaterThanOrEqualTo(1));
        foreach (var adapter in (string[])["slack", "jira"])
        {
            Assert.That(Delivered(exposition, adapter, "created"), Is.EqualTo(2), adapter);
            Assert.That(Delivered(exposition, adapter, "review"), Is.EqualTo(1), adapter);
            Assert.That(Delivered(exposition, adapter, "resolved"), Is.EqualTo(1), adapter);
            Assert.That(Delivered(exposition, adapter, "expired"), Is.Zero, adapter);
            Assert.That(exposition.Sum("teleport_plugins_steps_total", ("adapter", adapter), ("outcome", "retried")), Is.Zero, adapter);
            Assert.That(exposition.Sum("teleport_plugins_steps_total", ("adapter", adapter), ("outcome", "failed")), Is.Zero, adapter);
            Assert.That(exposition.Value("teleport_plugins_step_duration_seconds_count", ("adapter", adapter), ("step", "created")), Is.EqualTo(2), adapter);
        }

        Assert.That(exposition.Value("process_resident_memory_bytes"), Is.Positive);
        Assert.That(exposition.Value("process_cpu_seconds_total"), Is.Positive);
        Assert.That(exposition.Value("process_start_time_seconds"), Is.GreaterThan(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
        Assert.That(exposition.Value("dotnet_gc_total_allocated_bytes"), Is.Positive);
        Assert.That(exposition.Value("dotnet_total_memory_bytes"), Is.Positive);
        Assert.That(exposition.Value("dotnet_gc_heap_size_bytes"), Is.GreaterThanOrEqualTo(0));
        Assert.That(exposition.Samples.Where(s => s.Name == "dotnet_gc_collections_total").Select(s => s.Labels["generation"]), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(text, Does.Not.Contain("req-").And.Not.Contain("alice").And.Not.Contain("bob").And.Not.Contain("example.com"));
    }

    [Test]
    public async Task Get_MoreStepsDelivered_CountersIncreaseByExactlyThoseSteps()
    {
        var cluster = new FakeTeleportCluster();
        var slack = new RecordingAdapter("slack");
        var metrics = new HostMetrics();
        await using var engine = Start(cluster.Connect(), [slack], metrics: metrics);
        await using var server = await StartServerAsync(new HttpOptions { ListenAddress = "127.0.0.1:0" }, metrics);
        var first = cluster.Create(SampleRequests.Pending("first")).Id;
        await WaitUntilAsync(() => slack.StepsOf(first).Count == 1, "the first request was announced");
        await WaitIdleAsync(engine);
        var before = Exposition.Parse((await ScrapeAsync(server)).Text);

        var ids = Enumerable.Range(0, 3).Select(i => cluster.Create(SampleRequests.Pending($"next-{i}")).Id).ToList();
        cluster.Review(ids[0], "bob", AccessRequestState.Approved);
        cluster.Review(ids[1], "bob", AccessRequestState.Denied);
        await WaitUntilAsync(() => slack.StepsOf(ids[0]).Count == 3 && slack.StepsOf(ids[1]).Count == 3 && slack.StepsOf(ids[2]).Count == 1, "every step arrived");
        await WaitIdleAsync(engine);
        var after = Exposition.Parse((await ScrapeAsync(server)).Text);

        double Increase(string step) => Delivered(after, "slack", step) - Delivered(before, "slack", step);
        Assert.That(Increase("created"), Is.EqualTo(3));
        Assert.That(Increase("review"), Is.EqualTo(2));
        Assert.That(Increase("resolved"), Is.EqualTo(2));
        Assert.That(
            after.Sum("teleport_plugins_steps_total", ("outcome", "delivered")) - before.Sum("teleport_plugins_steps_total", ("outcome", "delivered")),
            Is.EqualTo(ids.Sum(id => slack.StepsOf(id).Count)));
        Assert.That(
            after.Sum("teleport_plugins_step_duration_seconds_count") - before.Sum("teleport_plugins_step_duration_seconds_count"),
            Is.EqualTo(7),
            "one observation per delivered step");
    }

    [Test]
    public async Task Get_TransientThenPermanentFailure_CountedRetriedAndFailed()
    {
        var cluster = new FakeTeleportCluster();
        var flakyCalls = 0;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, id, _) => id switch
            {
                "flaky" when Interlocked.Increment(ref flakyCalls) == 1 => throw new TransientAdapterException("Slack answered 503"),
                "broken" => throw new PermanentAdapterException("Slack answered channel_not_found"),
                _ => Task.CompletedTask,
            },
        };
        var metrics = new HostMetrics();
        await using var engine = Start(cluster.Connect(), [slack], metrics: metrics);
        await using var server = await StartServerAsync(new HttpOptions { ListenAddress = "127.0.0.1:0" }, metrics);

        cluster.Create(SampleRequests.Pending("flaky"));
        cluster.Create(SampleRequests.Pending("broken"));
        await WaitUntilAsync(() => slack.StepsOf("flaky").Count == 1 && cluster.PluginData("broken", "slack").ContainsKey("tp_failed"), "one delivered after a retry, one failed");
        await WaitIdleAsync(engine);
        var exposition = Exposition.Parse((await ScrapeAsync(server)).Text);

        Assert.That(Delivered(exposition, "slack", "created"), Is.EqualTo(1));
        Assert.That(exposition.Value("teleport_plugins_steps_total", ("adapter", "slack"), ("step", "created"), ("outcome", "retried")), Is.EqualTo(1));
        Assert.That(exposition.Value("teleport_plugins_steps_total", ("adapter", "slack"), ("step", "created"), ("outcome", "failed")), Is.EqualTo(1));
        Assert.That(exposition.Value("teleport_plugins_step_duration_seconds_count", ("adapter", "slack"), ("step", "created")), Is.EqualTo(1), "only delivered steps are timed");
    }

    [Test]
    public async Task Get_MetricsOff_404AndHealthStillServed()
    {
        await using var server = await StartServerAsync(new HttpOptions { ListenAddress = "127.0.0.1:0", Metrics = false }, new HostMetrics());
        using var http = new HttpClient { BaseAddress = server.Address };

        using var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Get_BasicAuthConfigured_MetricsServedWithoutCredentialsLikeTheProbes()
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0", BasicAuth = new HttpOptions.BasicAuthOptions { User = "jira", Password = "secret" } };

        await using var server = await StartServerAsync(options, new HostMetrics());
        var (response, text) = await ScrapeAsync(server);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Exposition.Parse(text).Value("teleport_plugins_adapters_loaded"), Is.Zero);
    }

    [Test]
    public async Task Post_Metrics_404()
    {
        await using var server = await StartServerAsync(new HttpOptions { ListenAddress = "127.0.0.1:0" }, new HostMetrics());
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsync(new Uri("/metrics", UriKind.Relative), new StringContent("x", Encoding.UTF8, new MediaTypeHeaderValue("text/plain")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static double Delivered(Exposition exposition, string adapter, string step) =>
        exposition.Value("teleport_plugins_steps_total", ("adapter", adapter), ("step", step), ("outcome", "delivered"));

    private static async Task<InboundHttpServer> StartServerAsync(HttpOptions options, HostMetrics metrics)
    {
        var server = new InboundHttpServer(options, new InboundRouteTable(options), new HostReadiness(), metrics, NullLogger<InboundHttpServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static async Task<(HttpResponseMessage Response, string Text)> ScrapeAsync(InboundHttpServer server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        return (response, await response.Content.ReadAsStringAsync());
    }
}
