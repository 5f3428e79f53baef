using Grpc.Net.Client;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>A gRPC channel to the Auth Service and the dialer that opens its connections.</summary>
/// <param name="Channel">
/// Addressed <c>http://teleport.cluster.local:&lt;port&gt;</c>: the dialer has done TLS before the handler sees the
/// stream, so HTTP/2 runs with prior knowledge on top, directly and through TLS routing alike.
/// </param>
/// <param name="Dialer">Where connections go and how (its <see cref="TeleportDialer.Target"/> starts every error message).</param>
/// <param name="Handler">The innermost handler, exposed so tests can read its HTTP/2 settings.</param>
internal sealed record TeleportChannel(GrpcChannel Channel, TeleportDialer Dialer, SocketsHttpHandler Handler) : IDisposable
{
    // The channel owns the handler chain (DisposeHttpClient).
    public void Dispose() => Channel.Dispose();
}
