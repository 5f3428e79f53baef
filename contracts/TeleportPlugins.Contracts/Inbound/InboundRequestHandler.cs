namespace TeleportPlugins.Contracts;

/// <summary>Handles one inbound HTTP request.</summary>
/// <param name="request">The request, with its raw body.</param>
/// <param name="cancellationToken">Cancelled when the client goes away or the host stops.</param>
/// <returns>The response to send.</returns>
public delegate Task<InboundResponse> InboundRequestHandler(InboundRequest request, CancellationToken cancellationToken);
