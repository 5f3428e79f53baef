using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

public sealed class GrpcMethodTests
{
    [TestCase("proto.AuthService/Ping")]
    [TestCase("/proto.AuthService/")]
    [TestCase("/Ping")]
    public void Constructor_NotAGrpcPath_Throws(string path) =>
        Assert.Throws<ArgumentException>(() => _ = new GrpcMethod<PingRequest, PingResponse>(path, PingRequest.Parser, PingResponse.Parser));

    [Test]
    public void Constructor_FullPath_IsKept() =>
        Assert.That(TestMethods.Ping.FullPath, Is.EqualTo("/proto.AuthService/Ping"));
}
