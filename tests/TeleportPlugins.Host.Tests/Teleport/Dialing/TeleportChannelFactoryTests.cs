using TeleportPlugins.Host.Teleport.Dialing;

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
}
