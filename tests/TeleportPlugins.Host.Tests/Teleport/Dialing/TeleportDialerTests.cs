using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework.Constraints;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Teleport.Dialing;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Teleport.Dialing;

/// <summary>
/// End to end over 127.0.0.1: the host's <see cref="TeleportClient"/> on the Grpc.Net.Client channel the factory
/// builds, against Kestrel, directly and through a TLS-routing stand-in.
/// </summary>
public sealed class TeleportDialerTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);
    private TestCluster cluster = null!;
    private TestCluster otherCluster = null!;
    private X509Certificate2 serverCertificate = null!;
    private TempDirectory directory = null!;

    public enum Route
    {
        Direct,
        TlsRouting,
    }

    [OneTimeSetUp]
    public void CreateClusters()
    {
        cluster = new TestCluster("example.com");
        otherCluster = new TestCluster("elsewhere.example.org");
        serverCertificate = cluster.IssueServerCertificate(DateTimeOffset.UtcNow);
    }

    [OneTimeTearDown]
    public void DisposeServerCertificate() => serverCertificate.Dispose();

    [SetUp]
    public void CreateDirectory() => directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => directory.Dispose();

    [TestCase(Route.Direct, TestKeyFormat.EcSec1)]
    [TestCase(Route.Direct, TestKeyFormat.RsaPkcs1)]
    [TestCase(Route.TlsRouting, TestKeyFormat.EcSec1)]
    [TestCase(Route.TlsRouting, TestKeyFormat.RsaPkcs8)]
    public async Task PingAsync_ValidIdentity_GoesThroughOverHttp2WithTheClientCertificate(Route route, TestKeyFormat format)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        using var provider = LoadProvider(WriteIdentity(cluster.IssueClient("alice", format, DateTimeOffset.UtcNow)), TimeProvider.System);
        var port = PortFor(route, server, proxy);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);

        var info = await PingAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(info.ClusterName, Is.EqualTo("alice"));
            Assert.That(server.Calls.Select(c => (c.Path, c.Protocol, c.Scheme)), Is.EqualTo(new[] { ("/proto.AuthService/Ping", "HTTP/2", "http") }));
            Assert.That(server.ServerNames, Is.EqualTo(new[] { "teleport.cluster.local" }));
            Assert.That(server.ClientCertificates, Is.EqualTo(new[] { ("alice", true) }));
            Assert.That(channel.Channel.Target, Is.EqualTo($"teleport.cluster.local:{port}"));
        });
    }

    [Test]
    public async Task PingAsync_TlsRouting_OffersTheTeleportAuthProtocolFirstThenH2()
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        using var provider = LoadAlice();
        using var channel = CreateChannel(proxy.Port, Route.TlsRouting, provider, TimeProvider.System);

        await PingAsync(channel);

        var (serverName, protocols) = proxy.ClientHellos.Single();
        Assert.Multiple(() =>
        {
            Assert.That(protocols, Is.EqualTo(new[] { "teleport-auth@6578616d706c652e636f6d.teleport.cluster.local", "h2" }));
            Assert.That(serverName, Is.EqualTo("teleport.cluster.local"));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task PingAsync_ServerCertificateFromAnotherCa_UnavailableNamingTheAddressAndTheCaFile(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(otherCluster.IssueServerCertificate(DateTimeOffset.UtcNow), cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var path = WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow));
        using var provider = LoadProvider(path, TimeProvider.System);
        var port = PortFor(route, server, proxy);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);

        var error = await PingFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(error.Status.Detail, Does.StartWith($"{TargetName(route)} at 127.0.0.1:{port}: "));
            Assert.That(error.Status.Detail, Does.Contain($"server certificate not signed by the cluster CA from identity file {path}"));
            Assert.That(error.Status.Detail, Does.Contain("issuer: CN=elsewhere.example.org"));
            Assert.That(Failure(error), Is.EqualTo(TeleportConnectionFailure.UntrustedServer));
        });
    }

    [Test]
    public async Task PingAsync_ServerCertificateFromTheClusterCaForAnotherName_FailsSayingItIsNoAuthServiceCertificate()
    {
        await using var server = await TestAuthServer.StartAsync(cluster.IssueServerCertificate(DateTimeOffset.UtcNow, "proxy.example.com"), cluster.UserCa);
        using var provider = LoadAlice();
        using var channel = CreateChannel(server.Port, Route.Direct, provider, TimeProvider.System);

        var error = await PingFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.Status.Detail, Does.StartWith($"Teleport Auth Service at 127.0.0.1:{server.Port}: the server certificate (CN=auth, O=example.com)"));
            Assert.That(error.Status.Detail, Does.Contain("signed by the cluster CA but not issued for teleport.cluster.local"));
            Assert.That(Failure(error), Is.EqualTo(TeleportConnectionFailure.UntrustedServer));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task PingAsync_ClientCertificateExpiredSinceLoading_RefusedBeforeDialing(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, clock.GetUtcNow().AddMinutes(-5), clock.GetUtcNow().AddMinutes(5));
        var path = WriteIdentity(credential);
        using var provider = LoadProvider(path, clock);
        using var channel = CreateChannel(PortFor(route, server, proxy), route, provider, clock);
        clock.Advance(TimeSpan.FromMinutes(10));

        var error = await PingFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(
                error.Status.Detail,
                Does.Contain($"identity file {path}: the TLS certificate expired at {TeleportIdentity.FormatTime(credential.Certificate.NotAfter)}"));
            Assert.That(Failure(error), Is.EqualTo(TeleportConnectionFailure.CredentialsInvalid));
            Assert.That(server.ServerNames, Is.Empty);
            Assert.That(proxy.ClientHellos, Is.Empty);
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task PingAsync_ServerRejectsTheClientCertificate_FailsSayingSo(Route route)
    {
        // Our identity trusts the right host CA, but its certificate comes from another cluster's user CA.
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var foreign = otherCluster.IssueClient("mallory", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow);
        var path = directory.Combine("identity");
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(foreign, cluster).Replace("elsewhere", "x", StringComparison.Ordinal));
        using var provider = LoadProvider(path, TimeProvider.System);
        var port = PortFor(route, server, proxy);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);

        var error = await PingFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(error.Status.Detail, Does.StartWith($"{TargetName(route)} at 127.0.0.1:{port} closed the connection right after the TLS handshake"), error.ToString);
            Assert.That(error.Status.Detail, Does.Contain("rejects the client certificate (mallory, valid until "));
            Assert.That(error.Status.Detail, Does.Contain($"from identity file {path}: was it issued by this cluster?"));
            Assert.That(Failure(error), Is.EqualTo(TeleportConnectionFailure.ClientCertificateRejected));
            Assert.That(server.ClientCertificates, Is.EqualTo(new[] { ("mallory", false) }));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task PingAsync_NothingListening_UnavailableNamingTheAddress(Route route)
    {
        var port = FreePort();
        using var provider = LoadAlice();
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);

        var error = await PingFailsAsync(channel);

        AssertConnectionFailure(error, TeleportConnectionFailure.Unreachable, Is.EqualTo($"cannot connect to {TargetName(route)} at 127.0.0.1:{port}: Connection refused"));
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task PingAsync_ServerNeverAnswersTheHandshake_TimesOutAfterTheDialTimeout(Route route)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var provider = LoadAlice();
        using var channel = CreateChannel(port, route, provider, TimeProvider.System, TimeSpan.FromSeconds(1));

        var error = await PingFailsAsync(channel);

        AssertConnectionFailure(error, TeleportConnectionFailure.TimedOut, Does.StartWith($"no connection to {TargetName(route)} at 127.0.0.1:{port} within 1 s (dial_timeout)"));
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task WatchAccessRequestsAsync_StreamDropped_UnavailableSayingTheConnectionToTheAddressBroke(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        using var provider = LoadAlice();
        var port = PortFor(route, server, proxy);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);
        using var timeout = new CancellationTokenSource(NoHang);
        await using var events = Client(channel, TimeProvider.System).WatchAccessRequestsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That(events.Current.Kind, Is.EqualTo(TeleportWatchEventKind.Init));

        server.DropWatches();

        var error = Assert.ThrowsAsync<RpcException>(async () => await events.MoveNextAsync());
        AssertConnectionFailure(
            error!,
            TeleportConnectionFailure.ConnectionLost,
            Does.StartWith($"the connection to {TargetName(route)} at 127.0.0.1:{port} broke (").And.EndWith(
                "the host reconnects by itself, and if this keeps happening, check the Auth Service's logs and the idle timeout of any load balancer in between"));
    }

    [Test]
    public async Task PingAsync_ServerSlowerThanTheCallTimeout_DeadlineExceededAndTheServerToldTheTimeout()
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa, hangPing: true);
        using var provider = LoadAlice();
        using var channel = CreateChannel(server.Port, Route.Direct, provider, TimeProvider.System);
        var client = Client(channel, TimeProvider.System, new TeleportClientOptions { CallTimeout = TimeSpan.FromSeconds(1) });

        var error = Assert.ThrowsAsync<RpcException>(() => client.PingAsync(CancellationToken.None).WaitAsync(NoHang));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
            Assert.That(server.Calls.Single().Timeout, Does.Match("^[0-9]+[mu]$"), "grpc-timeout carries the deadline to the server");
        });
    }

    [Test]
    public async Task PingAsync_CallerCancels_OperationCanceled()
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa, hangPing: true);
        using var provider = LoadAlice();
        using var channel = CreateChannel(server.Port, Route.Direct, provider, TimeProvider.System);
        using var cancel = new CancellationTokenSource();
        var ping = Client(channel, TimeProvider.System).PingAsync(cancel.Token);
        while (server.Calls.IsEmpty && !ping.IsCompleted)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();

        Assert.That(async () => await ping.WaitAsync(NoHang), Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task PingAsync_IdentityRefreshed_TheNextNewConnectionUsesTheNewCertificate(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, clock.GetUtcNow()));
        using var provider = new IdentityProvider(
            IdentitySource.FromIdentity(path), refresh: true, TimeSpan.FromMinutes(1), clock, NullLogger<IdentityProvider>.Instance);
        using var channel = CreateChannel(PortFor(route, server, proxy), route, provider, clock);

        var first = await PingAsync(channel, clock);
        WriteIdentity(cluster.IssueClient("bob", TestKeyFormat.RsaPkcs1, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));
        server.CloseAfterNextCall = true;
        var reused = await PingAsync(channel, clock);
        var renewed = await PingAsync(channel, clock);

        Assert.Multiple(() =>
        {
            Assert.That(first.ClusterName, Is.EqualTo("alice"));
            Assert.That(reused.ClusterName, Is.EqualTo("alice"), "an open connection keeps its certificate");
            Assert.That(renewed.ClusterName, Is.EqualTo("bob"));
            Assert.That(server.ClientCertificates, Is.EqualTo(new[] { ("alice", true), ("bob", true) }));
        });
    }

    private static int PortFor(Route route, TestAuthServer server, TlsRoutingProxy proxy) => route == Route.Direct ? server.Port : proxy.Port;

    private static string TargetName(Route route) => route == Route.Direct ? "Teleport Auth Service" : "Teleport Proxy";

    private static TeleportConnectionFailure? Failure(RpcException error) => (error.Status.DebugException as TeleportConnectionException)?.Failure;

    // Connection failures are Unavailable (callers retry them) with the dialer's explanation as the detail.
    private static void AssertConnectionFailure(RpcException error, TeleportConnectionFailure failure, IResolveConstraint detail) => Assert.Multiple(() =>
    {
        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Status.Detail, detail);
        Assert.That(Failure(error), Is.EqualTo(failure));
    });

    private static IdentityProvider LoadProvider(string path, TimeProvider clock) =>
        new(IdentitySource.FromIdentity(path), refresh: false, TimeSpan.FromMinutes(1), clock, NullLogger<IdentityProvider>.Instance);

    private static TeleportChannel CreateChannel(int port, Route route, IdentityProvider provider, TimeProvider clock, TimeSpan? dialTimeout = null)
    {
        var options = new TeleportOptions
        {
            Addr = $"127.0.0.1:{port}",
            Identity = "unused: the provider is given",
            TlsRouting = route == Route.TlsRouting,
            DialTimeout = dialTimeout ?? TimeSpan.FromSeconds(10),
        };
        return TeleportChannelFactory.Create(options, provider, clock, NullLogger<TeleportDialer>.Instance);
    }

    private static TeleportClient Client(TeleportChannel channel, TimeProvider clock, TeleportClientOptions? options = null) => new(
        new AuthService.AuthServiceClient(channel.Channel), channel.Dialer.Target, options ?? new TeleportClientOptions(), clock, NullLogger<TeleportClient>.Instance);

    private static Task<TeleportClusterInfo> PingAsync(TeleportChannel channel, TimeProvider? clock = null) =>
        Client(channel, clock ?? TimeProvider.System).PingAsync(CancellationToken.None).WaitAsync(NoHang);

    private static async Task<RpcException> PingFailsAsync(TeleportChannel channel)
    {
        try
        {
            await PingAsync(channel);
        }
        catch (RpcException e)
        {
            return e;
        }

        Assert.Fail("the call succeeded");
        return null!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private IdentityProvider LoadAlice() => LoadProvider(WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow)), TimeProvider.System);

    private string WriteIdentity(TestCredential credential)
    {
        var path = directory.Combine("identity");
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(credential, cluster));
        return path;
    }
}
