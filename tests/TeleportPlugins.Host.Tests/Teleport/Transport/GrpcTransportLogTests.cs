using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

public sealed class GrpcTransportLogTests
{
    // Status numbers: GrpcStatusCode is internal to the host, so test cases carry its wire values.
    [TestCase(9, LogLevel.Debug)]
    [TestCase(5, LogLevel.Debug)]
    [TestCase(6, LogLevel.Debug)]
    [TestCase(14, LogLevel.Warning)]
    [TestCase(7, LogLevel.Warning)]
    [TestCase(13, LogLevel.Warning)]
    public void CallFailed_ProtocolFlowIsDebugRealFailuresWarn(int code, LogLevel expected)
    {
        var status = (GrpcStatusCode)code;
        var logger = new CapturingLogger();

        GrpcTransportLog.CallFailed(logger, "/proto.AuthService/UpdatePluginData", status, "detail");

        Assert.That(logger.Entries.Single().Level, Is.EqualTo(expected));
        Assert.That(logger.Entries.Single().Message, Does.Contain("/proto.AuthService/UpdatePluginData").And.Contain(status.ToString()));
    }
}
