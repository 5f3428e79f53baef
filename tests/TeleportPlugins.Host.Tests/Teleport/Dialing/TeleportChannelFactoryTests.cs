using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Teleport.Dialing;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Teleport.Dialing;

public sealed class TeleportChannelFactoryTests
{
    // The mode enum is internal, so cases say whether TLS routing is expected.
    [TestCase(null, 3025, false)]
    [TestCase(null, 443, true)]
    [TestCase(null, 3080, true)]
    [TestCase(true, 3025, true)]
    [TestCase(false, 443, false)]
    public void SelectMode_TlsRoutingAndPort_PicksTheMode(bool? tlsRouting, int port, bool expectTlsRouting) =>
        Assert.That(
            TeleportChannelFactory.SelectMode(tlsRouting, port),
            Is.EqualTo(expectTlsRouting ? TeleportConnectionMode.TlsRouting : TeleportConnectionMode.Direct));

    [TestCase("example.com", "teleport-auth@6578616d706c652e636f6d.teleport.cluster.local")]
    [TestCase("Zürich", "teleport-auth@5ac3bc72696368.teleport.cluster.local")]
    public void AuthProtocol_ClusterName_IsLowercaseHexOfUtf8(string clusterName, string expected) =>
        Assert.That(TeleportDialer.AuthProtocol(clusterName), Is.EqualTo(expected));

    [TestCase("auth.example.com:3025", "auth.example.com", 3025, "auth.example.com:3025")]
    [TestCase("127.0.0.1:443", "127.0.0.1", 443, "127.0.0.1:443")]
    [TestCase("[::1]:3025", "::1", 3025, "[::1]:3025")]
    public void DialAddress_Parse_SplitsHostAndPort(string text, string host, int port, string display)
    {
        var address = DialAddress.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(address, Is.EqualTo(new DialAddress(host, port)));
            Assert.That(address.ToString(), Is.EqualTo(display));
        });
    }

    [TestCase("auth.example.com")]
    [TestCase("auth.example.com:")]
    [TestCase("auth.example.com:99999")]
    [TestCase("https://auth.example.com:3025/path")]
    public void DialAddress_Parse_RejectsWhatIsNotHostPort(string text) =>
        Assert.That(() => DialAddress.Parse(text), Throws.ArgumentException.With.Message.Contains(text));

    [Test]
    public void Create_AnyOptions_PingsIdleCallsNoMoreOftenThanTeleportAllows()
    {
        using var directory = new TempDirectory();
        var testCluster = new TestCluster("example.com");
        var path = directory.Combine("identity");
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(testCluster.IssueClient("alice", TestKeyFormat.EcSec1, DateTimeOffset.UtcNow), testCluster));
        using var provider = new IdentityProvider(IdentitySource.FromIdentity(path), refresh: false, TimeSpan.FromMinutes(1), TimeProvider.System, NullLogger<IdentityProvider>.Instance);
        var options = new TeleportOptions { Addr = "127.0.0.1:3025", Identity = path };

        using var channel = TeleportChannelFactory.Create(options, provider, TimeProvider.System, NullLogger<TeleportDialer>.Instance);

        Assert.Multiple(() =>
        {
            // Pings on (a dead connection under a watch is noticed) but never under Teleport's one-minute minimum,
            // which it answers with GOAWAY too_many_pings.
            Assert.That(channel.Handler.KeepAlivePingDelay, Is.InRange(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
            Assert.That(channel.Handler.KeepAlivePingPolicy, Is.EqualTo(HttpKeepAlivePingPolicy.WithActiveRequests));
            Assert.That(channel.Handler.ConnectTimeout, Is.EqualTo(options.DialTimeout));
        });
    }
}
