using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>Log messages of <see cref="TeleportDialer"/>.</summary>
internal static partial class DialerLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug,
        Message = "Dialing {Target} as {Username}, client certificate valid until {NotAfter:u}")]
    public static partial void Dialing(ILogger logger, string target, string username, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug,
        Message = "TLS established with {Target}: {Protocol}, ALPN {ApplicationProtocol}")]
    public static partial void TlsEstablished(ILogger logger, string target, SslProtocols protocol, SslApplicationProtocol applicationProtocol);
}
