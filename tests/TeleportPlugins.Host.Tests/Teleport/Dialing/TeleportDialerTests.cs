using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Teleport.Dialing;
using TeleportPlugins.Host.Teleport.Transport;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Teleport.Dialing;

/// <summary>End to end over 127.0.0.1: the channel's handler against Kestrel, directly and through a TLS-routing stand-in.</summary>
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
    public async Task Post_ValidIdentity_GoesThroughOverHttp2WithTheClientCertificate(Route route, TestKeyFormat format)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var path = WriteIdentity(cluster.IssueClient("alice", format, DateTimeOffset.UtcNow));
        using var provider = LoadProvider(path, TimeProvider.System);
        var port = PortFor(route, server, proxy);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);

        var answer = await PostAsync(channel, "echo", "ping");

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(route == Route.Direct ? "HTTP/2 https alice ping" : "HTTP/2 http alice ping"));
            Assert.That(server.ServerNames, Is.EqualTo(new[] { "teleport.cluster.local" }));
            Assert.That(server.ClientCertificates, Is.EqualTo(new[] { ("alice", true) }));
            Assert.That(channel.BaseAddress, Is.EqualTo(new Uri($"{(route == Route.Direct ? "https" : "http")}://teleport.cluster.local:{port}/")));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_TransportSettingsApplied_StillGoesThrough(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        using var provider = LoadProvider(WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow)), TimeProvider.System);
        using var channel = CreateChannel(PortFor(route, server, proxy), route, provider, TimeProvider.System, TimeSpan.FromSeconds(7));

        new GrpcTransportOptions { ConnectTimeout = TimeSpan.FromSeconds(7) }.ApplyTo(channel.SocketsHandler);
        var answer = await PostAsync(channel, "echo", "ping");

        Assert.That(answer, Does.EndWith(" alice ping"));
    }

    [Test]
    public async Task Post_TlsRouting_OffersTheTeleportAuthProtocolFirstThenH2()
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        using var provider = LoadProvider(WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow)), TimeProvider.System);
        using var channel = CreateChannel(proxy.Port, Route.TlsRouting, provider, TimeProvider.System);

        await PostAsync(channel, "echo", "ping");

        var (serverName, protocols) = proxy.ClientHellos.Single();
        Assert.Multiple(() =>
        {
            Assert.That(protocols, Is.EqualTo(new[] { "teleport-auth@6578616d706c652e636f6d.teleport.cluster.local", "h2" }));
            Assert.That(serverName, Is.EqualTo("teleport.cluster.local"));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_ServerCertificateFromAnotherCa_FailsNamingTheAddressAndTheCaFile(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(otherCluster.IssueServerCertificate(DateTimeOffset.UtcNow), cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var path = WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow));
        using var provider = LoadProvider(path, TimeProvider.System);
        var port = PortFor(route, server, proxy);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);

        var error = await PostFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith($"{TargetName(route)} at 127.0.0.1:{port}: "));
            Assert.That(error.Message, Does.Contain($"server certificate not signed by the cluster CA from identity file {path}"));
            Assert.That(error.Message, Does.Contain("issuer: CN=elsewhere.example.org"));
            Assert.That(((TeleportConnectionException)error.InnerException!).Failure, Is.EqualTo(TeleportConnectionFailure.UntrustedServer));
        });
    }

    [Test]
    public async Task Post_ServerCertificateFromTheClusterCaForAnotherName_FailsSayingItIsNoAuthServiceCertificate()
    {
        await using var server = await TestAuthServer.StartAsync(cluster.IssueServerCertificate(DateTimeOffset.UtcNow, "proxy.example.com"), cluster.UserCa);
        using var provider = LoadProvider(WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow)), TimeProvider.System);
        using var channel = CreateChannel(server.Port, Route.Direct, provider, TimeProvider.System);

        var error = await PostFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith($"Teleport Auth Service at 127.0.0.1:{server.Port}: the server certificate (CN=auth, O=example.com)"));
            Assert.That(error.Message, Does.Contain("signed by the cluster CA but not issued for teleport.cluster.local"));
            Assert.That(((TeleportConnectionException)error.InnerException!).Failure, Is.EqualTo(TeleportConnectionFailure.UntrustedServer));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_ClientCertificateExpiredSinceLoading_RefusedBeforeDialing(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, clock.GetUtcNow().AddMinutes(-5), clock.GetUtcNow().AddMinutes(5));
        var path = WriteIdentity(credential);
        using var provider = LoadProvider(path, clock);
        using var channel = CreateChannel(PortFor(route, server, proxy), route, provider, clock);
        clock.Advance(TimeSpan.FromMinutes(10));

        var error = await PostFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(
                error.Message,
                Does.Contain($"identity file {path}: the TLS certificate expired at {TeleportIdentity.FormatTime(credential.Certificate.NotAfter)}"));
            Assert.That(((TeleportConnectionException)error.InnerException!).Failure, Is.EqualTo(TeleportConnectionFailure.CredentialsInvalid));
            Assert.That(server.ServerNames, Is.Empty);
            Assert.That(proxy.ClientHellos, Is.Empty);
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_ServerRejectsTheClientCertificate_FailsSayingSo(Route route)
    {
        // Our identity trusts the right host CA, but its certificate comes from another cluster's user CA.
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var foreign = otherCluster.IssueClient("mallory", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow);
        var path = directory.Combine("identity");
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(foreign, cluster).Replace("elsewhere", "x", StringComparison.Ordinal));
        using var provider = LoadProvider(path, TimeProvider.System);
        using var channel = CreateChannel(PortFor(route, server, proxy), route, provider, TimeProvider.System);

        var error = await PostFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("closed the connection right after the TLS handshake"), error.ToString);
            Assert.That(error.Message, Does.Contain($"rejects the client certificate (mallory, valid until "));
            Assert.That(error.Message, Does.Contain($"from identity file {path}"));
            Assert.That(((TeleportConnectionException)error.InnerException!).Failure, Is.EqualTo(TeleportConnectionFailure.ClientCertificateRejected));
            Assert.That(server.ClientCertificates, Is.EqualTo(new[] { ("mallory", false) }));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_NothingListening_FailsQuicklyNamingTheAddress(Route route)
    {
        var port = FreePort();
        using var provider = LoadProvider(WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow)), TimeProvider.System);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System);
        var stopwatch = Stopwatch.StartNew();

        var error = await PostFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(
                error.Message,
                Is.EqualTo($"cannot connect to {TargetName(route)} at 127.0.0.1:{port}: Connection refused"));
            Assert.That(error.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
            Assert.That(((TeleportConnectionException)error.InnerException!).Failure, Is.EqualTo(TeleportConnectionFailure.Unreachable));
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_ServerNeverAnswersTheHandshake_TimesOutAfterTheDialTimeout(Route route)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var provider = LoadProvider(WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow)), TimeProvider.System);
        using var channel = CreateChannel(port, route, provider, TimeProvider.System, TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var error = await PostFailsAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith($"no connection to {TargetName(route)} at 127.0.0.1:{port} within 1 s (dial_timeout)"));
            Assert.That(((TeleportConnectionException)error.InnerException!).Failure, Is.EqualTo(TeleportConnectionFailure.TimedOut));
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [TestCase(Route.Direct)]
    [TestCase(Route.TlsRouting)]
    public async Task Post_IdentityRefreshed_TheNextNewConnectionUsesTheNewCertificate(Route route)
    {
        await using var server = await TestAuthServer.StartAsync(serverCertificate, cluster.UserCa);
        await using var proxy = new TlsRoutingProxy(server.Port);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = WriteIdentity(cluster.IssueClient("alice", TestKeyFormat.EcSec1, clock.GetUtcNow()));
        using var provider = new IdentityProvider(
            IdentitySource.FromIdentity(path), refresh: true, TimeSpan.FromMinutes(1), clock, NullLogger<IdentityProvider>.Instance);
        using var channel = CreateChannel(PortFor(route, server, proxy), route, provider, clock);

        var first = await PostAsync(channel, "echo", "one");
        var reused = await PostAsync(channel, "echo?close=1", "two");
        WriteIdentity(cluster.IssueClient("bob", TestKeyFormat.RsaPkcs1, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await PostAsync(channel, "echo", "three");

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.EndWith(" alice one"));
            Assert.That(reused, Does.EndWith(" alice two"), "an open connection keeps its certificate");
            Assert.That(renewed, Does.EndWith(" bob three"));
            Assert.That(server.ClientCertificates, Is.EqualTo(new[] { ("alice", true), ("bob", true) }));
        });
    }

    private static int PortFor(Route route, TestAuthServer server, TlsRoutingProxy proxy) => route == Route.Direct ? server.Port : proxy.Port;

    private static string TargetName(Route route) => route == Route.Direct ? "Teleport Auth Service" : "Teleport Proxy";

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

    private static async Task<string> PostAsync(TeleportChannel channel, string path, string body)
    {
        using var invoker = new HttpMessageInvoker(channel.Handler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(channel.BaseAddress, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(body),
        };
        using var timeout = new CancellationTokenSource(NoHang);
        using var response = await invoker.SendAsync(request, timeout.Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(timeout.Token);
    }

    private static async Task<HttpRequestException> PostFailsAsync(TeleportChannel channel)
    {
        try
        {
            await PostAsync(channel, "echo", "ping");
        }
        catch (HttpRequestException e)
        {
            return e;
        }

        Assert.Fail("the request succeeded");
        return null!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string WriteIdentity(TestCredential credential)
    {
        var path = directory.Combine("identity");
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(credential, cluster));
        return path;
    }
}
