using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

/// <summary>
/// Our HTTP/2 gRPC client against the @grpc/grpc-js reference server, over a real h2c connection on 127.0.0.1.
/// Time limits here only guard against hangs; they are far above what the calls need.
/// </summary>
[TestFixture]
public sealed class HttpGrpcCallInvokerConformanceTests
{
    private const string ErrorDetail = "access request \"ünïcødé-42\" not found: 100% gone";
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private GrpcReferenceServer server = null!;
    private CountingHandler network = null!;
    private HttpMessageInvoker http = null!;
    private CapturingLogger logger = null!;
    private HttpGrpcCallInvoker invoker = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => server = await GrpcReferenceServer.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => server?.Dispose();

    [SetUp]
    public void CreateInvoker()
    {
        (network, http, logger, invoker) = CreateInvoker(server.Address);
    }

    [TearDown]
    public void DisposeInvoker() => http.Dispose();

    [Test]
    public async Task UnaryAsync_Ping_ReturnsServerResponse()
    {
        var response = await invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), GrpcCallOptions.None, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.ClusterName, Is.EqualTo("reference"));
            Assert.That(response.ServerVersion, Is.EqualTo("17.0.0"));
        });
    }

    [TestCase("error-after-headers", TestName = "UnaryAsync_ErrorAfterHeaders_ThrowsStatusWithPercentDecodedMessage")]
    [TestCase("error-trailers-only", TestName = "UnaryAsync_TrailersOnlyError_ThrowsStatusFromResponseHeaders")]
    public void UnaryAsync_ErrorStatus_ThrowsCodeAndDecodedMessage(string scenario)
    {
        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(("x-scenario", scenario)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.NotFound));
            Assert.That(error.Detail, Is.EqualTo(ErrorDetail));
        });
    }

    [Test]
    public void UnaryAsync_MethodTheServerLacks_ThrowsUnimplemented()
    {
        var error = Assert.ThrowsAsync<GrpcCallException>(() => invoker.UnaryAsync(
            TestMethods.ListAccessRequests, new ListAccessRequestsRequest(), GrpcCallOptions.None, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unimplemented));
    }

    [Test]
    public async Task ServerStreamingAsync_TenThousandEvents_AllArriveInOrder()
    {
        var watch = new Watch { Kinds = { new WatchKind { Kind = "access_request" } } };
        var options = Metadata(("x-events", "10000"));

        var events = new List<Event>();
        await foreach (var e in invoker.ServerStreamingAsync(TestMethods.WatchEvents, watch, options, CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Multiple(() =>
        {
            Assert.That(events, Has.Count.EqualTo(10_001));
            Assert.That(events[0].Type, Is.EqualTo(Operation.Init));
            Assert.That(events[0].WatchStatus.Spec.Kinds.Single().Kind, Is.EqualTo("access_request"));
            Assert.That(events.Skip(1).All(e => e.Type == Operation.Put), Is.True);
            Assert.That(
                events.Skip(1).Select(e => e.AccessRequest.Metadata.Name),
                Is.EqualTo(Enumerable.Range(0, 10_000).Select(i => $"req-{i}")));
            Assert.That(events[^1].AccessRequest.Spec.SystemAnnotations.Values["pagerduty_services"].Values, Is.EqualTo(new[] { "payroll" }));
        });
    }

    [Test]
    public async Task ServerStreamingAsync_ErrorMidway_DeliversEarlierEventsThenThrowsStatus()
    {
        var received = new List<Event>();

        var error = Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            await foreach (var e in invoker.ServerStreamingAsync(
                TestMethods.WatchEvents, new Watch(), Metadata(("x-events", "100"), ("x-fail-after", "5")), CancellationToken.None))
            {
                received.Add(e);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(received.Select(e => e.Type), Is.EqualTo(new[] { Operation.Init }.Concat(Enumerable.Repeat(Operation.Put, 5))));
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
            Assert.That(error.Detail, Is.EqualTo("watcher closed after 5 events"));
        });
    }

    [Test]
    public async Task ServerStreamingAsync_ConsumerStopsEarly_ServerSeesTheCallCancelled()
    {
        var callId = Guid.NewGuid().ToString();
        var taken = 0;

        await foreach (var _ in invoker.ServerStreamingAsync(
            TestMethods.WatchEvents, new Watch(), Metadata(("x-events", "1000000"), ("x-call-id", callId)), CancellationToken.None))
        {
            if (++taken == 10)
            {
                break;
            }
        }

        Assert.That(await AskServerAsync("was-cancelled", callId), Is.EqualTo("cancelled"));
    }

    [Test]
    public void UnaryAsync_DeadlineBeforeServerAnswers_ThrowsDeadlineExceededPromptly()
    {
        var options = Metadata(("x-scenario", "sleep"), ("x-sleep-ms", "30000")) with
        {
            Deadline = TimeProvider.System.GetUtcNow().AddMilliseconds(300),
        };
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<GrpcCallException>(() => invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), options, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.DeadlineExceeded));
            Assert.That(clock.Elapsed, Is.LessThan(Prompt));
        });
    }

    [Test]
    public void UnaryAsync_DeadlineAlreadyPassed_ThrowsDeadlineExceededWithoutSending()
    {
        var options = GrpcCallOptions.None with { Deadline = TimeProvider.System.GetUtcNow().AddSeconds(-1) };

        var error = Assert.ThrowsAsync<GrpcCallException>(() => invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), options, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.DeadlineExceeded));
            Assert.That(network.Count, Is.Zero);
        });
    }

    [Test]
    public async Task UnaryAsync_CallerCancels_ThrowsOperationCanceledPromptlyAndResetsTheStream()
    {
        var callId = Guid.NewGuid().ToString();
        using var cancellation = new CancellationTokenSource();
        var call = invoker.UnaryAsync(
            TestMethods.Ping, new PingRequest(), Metadata(("x-scenario", "hang"), ("x-call-id", callId)), cancellation.Token);
        Assert.That(await AskServerAsync("was-received", callId), Is.EqualTo("received"));
        var clock = Stopwatch.StartNew();

        await cancellation.CancelAsync();
        var error = Assert.CatchAsync<OperationCanceledException>(() => call);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.InstanceOf<GrpcCallException>());
            Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token));
            Assert.That(clock.Elapsed, Is.LessThan(Prompt));
        });
        Assert.That(await AskServerAsync("was-cancelled", callId), Is.EqualTo("cancelled"), "the server saw the HTTP/2 stream reset");
    }

    [Test]
    public void UnaryAsync_RequestOverSendLimit_ThrowsResourceExhaustedWithoutSending()
    {
        var request = new AccessRequestV3 { Spec = new AccessRequestSpecV3 { RequestReason = new string('r', 5 * 1024 * 1024) } };

        var error = Assert.ThrowsAsync<GrpcCallException>(() => invoker.UnaryAsync(
            TestMethods.CreateAccessRequestV2, request, GrpcCallOptions.None, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
            Assert.That(network.Count, Is.Zero);
        });
    }

    [Test]
    public void UnaryAsync_ResponseOverReceiveLimit_ThrowsResourceExhausted()
    {
        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(("x-scenario", "big")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
            Assert.That(error.Detail, Does.Contain("receive limit of 4194304 bytes"));
        });
    }

    [Test]
    public async Task UnaryAsync_ThreeMiBEachWay_RoundTrips()
    {
        var reason = new string('r', 3 * 1024 * 1024);
        var request = new AccessRequestV3 { Metadata = new Metadata { Name = "r-1" }, Spec = new AccessRequestSpecV3 { RequestReason = reason } };

        var echoed = await invoker.UnaryAsync(TestMethods.CreateAccessRequestV2, request, GrpcCallOptions.None, CancellationToken.None);

        Assert.That(echoed, Is.EqualTo(request));
    }

    [Test]
    public void UnaryAsync_NobodyListening_ThrowsUnavailableQuickly()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (_, closedHttp, _, closedInvoker) = CreateInvoker(new Uri($"http://127.0.0.1:{port}"));
        using var disposeHttp = closedHttp;
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<GrpcCallException>(() => closedInvoker.UnaryAsync(
            TestMethods.Ping, new PingRequest(), GrpcCallOptions.None, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
            Assert.That(error.Detail, Does.Contain("refused").IgnoreCase);
            Assert.That(clock.Elapsed, Is.LessThan(Prompt));
        });
    }

    [Test]
    public async Task UnaryAsync_MetadataAndDeadline_AreSeenByTheServer()
    {
        var options = Metadata(("x-scenario", "echo-metadata"), ("x-team", "platform"), ("x-request-id", "abc-123")) with
        {
            Deadline = TimeProvider.System.GetUtcNow().AddSeconds(30),
        };

        var response = await invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), options, CancellationToken.None);

        var seen = JsonSerializer.Deserialize<Dictionary<string, string[]>>(response.ServerVersion)!;
        var msLeft = int.Parse(response.ClusterName, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(seen["x-team"], Is.EqualTo(new[] { "platform" }));
            Assert.That(seen["x-request-id"], Is.EqualTo(new[] { "abc-123" }));
            Assert.That(seen["user-agent"].Single(), Does.StartWith("teleport-plugins-grpc/"));
            Assert.That(msLeft, Is.InRange(1, 30_000), "grpc-timeout reached the server");
        });
    }

    [Test]
    public void UnaryAsync_ReservedMetadataKey_IsRefusedBeforeSending()
    {
        Assert.ThrowsAsync<ArgumentException>(() => PingAsync(("grpc-timeout", "1S")));
        Assert.That(network.Count, Is.Zero);
    }

    [Test]
    public void UnaryAsync_Failure_LogsMethodAndStatusButNoMessageContent()
    {
        var request = new AccessRequestV3 { Spec = new AccessRequestSpecV3 { RequestReason = "secret-reason-" + new string('r', 5 * 1024 * 1024) } };

        Assert.ThrowsAsync<GrpcCallException>(() => invoker.UnaryAsync(TestMethods.CreateAccessRequestV2, request, GrpcCallOptions.None, CancellationToken.None));

        var entries = logger.Entries;
        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Some.Matches<(LogLevel Level, EventId EventId, string Message)>(e =>
                e.Level == LogLevel.Debug && e.Message.Contains("/proto.AuthService/CreateAccessRequestV2", StringComparison.Ordinal)));
            Assert.That(entries, Has.Some.Matches<(LogLevel Level, EventId EventId, string Message)>(e =>
                e.Level == LogLevel.Warning && e.Message.Contains(nameof(GrpcStatusCode.ResourceExhausted), StringComparison.Ordinal)));
            Assert.That(entries.Select(e => e.Message), Has.None.Contains("secret-reason"));
        });
    }

    private static (CountingHandler Network, HttpMessageInvoker Http, CapturingLogger Logger, HttpGrpcCallInvoker Invoker) CreateInvoker(Uri address)
    {
        var options = new GrpcTransportOptions();
        var sockets = new SocketsHttpHandler();
        options.ApplyTo(sockets);
        var network = new CountingHandler(sockets);
        var http = new HttpMessageInvoker(network);
        var logger = new CapturingLogger();
        return (network, http, logger, new HttpGrpcCallInvoker(http, address, options, TimeProvider.System, logger));
    }

    private static GrpcCallOptions Metadata(params (string Key, string Value)[] entries) =>
        new() { Metadata = [.. entries.Select(e => KeyValuePair.Create(e.Key, e.Value))] };

    private Task<PingResponse> PingAsync(params (string Key, string Value)[] metadata) =>
        invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), Metadata(metadata), CancellationToken.None);

    private async Task<string> AskServerAsync(string question, string callId) =>
        (await PingAsync(("x-scenario", question), ("x-call-id", callId))).ClusterName;
}
