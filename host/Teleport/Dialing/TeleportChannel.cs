namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>
/// What the gRPC transport needs to reach the Auth Service: a handler to send HTTP/2 requests through and the base
/// address to resolve method paths against. Requests must use Version 2.0 with <c>RequestVersionExact</c>.
/// </summary>
/// <param name="Handler">The handler to wrap in an <see cref="HttpMessageInvoker"/>; it owns <paramref name="SocketsHandler"/>.</param>
/// <param name="BaseAddress">
/// <c>https://teleport.cluster.local:&lt;port&gt;</c> for direct connections (the host is the TLS server name, TCP goes to
/// the configured address), <c>http://teleport.cluster.local:&lt;port&gt;</c> for TLS routing (TLS is already done by the
/// dialer; HTTP/2 runs with prior knowledge on top).
/// </param>
/// <param name="SocketsHandler">
/// The innermost handler, exposed so the transport applies its HTTP/2 settings (keep-alive pings no more often than
/// once a minute, several connections) before the first request.
/// </param>
/// <param name="Mode">Direct or through TLS routing.</param>
internal sealed record TeleportChannel(HttpMessageHandler Handler, Uri BaseAddress, SocketsHttpHandler SocketsHandler, TeleportConnectionMode Mode)
    : IDisposable
{
    public void Dispose() => Handler.Dispose();
}
