namespace TeleportPlugins.Contracts;

/// <summary>An inbound HTTP request, as received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The full request path.</param>
/// <param name="Headers">The headers; look-ups ignore case.</param>
/// <param name="Body">The raw body, at most <see cref="IInboundRouteRegistry.MaxBodyBytes"/> bytes.</param>
public sealed record InboundRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);
