using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>An <see cref="IInboundRouteRegistry"/> that keeps the handlers an adapter registers, so tests can call them.</summary>
public sealed class RecordingRouteRegistry : IInboundRouteRegistry
{
    private readonly Dictionary<string, InboundRequestHandler> _routes = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>The routes an adapter maps, as the host asks for them once the adapter is healthy.</summary>
    /// <param name="adapter">The adapter; one that maps no routes leaves the registry empty.</param>
    /// <param name="maxBodyBytes">The host's body limit the adapter is told.</param>
    /// <returns>The registry.</returns>
    public static RecordingRouteRegistry MappedBy(IAccessRequestAdapter adapter, int maxBodyBytes = 1024 * 1024)
    {
        var routes = new RecordingRouteRegistry { MaxBodyBytes = maxBodyBytes };
        (adapter as IInboundRouteProvider)?.MapRoutes(routes);
        return routes;
    }

    /// <summary>The registered relative paths.</summary>
    public IReadOnlyCollection<string> Paths => _routes.Keys;

    /// <inheritdoc />
    public void MapPost(string relativePath, InboundRequestHandler handler) => _routes.Add(relativePath, handler);

    /// <summary>Calls the handler of <paramref name="relativePath"/> as the host's listener would.</summary>
    /// <param name="relativePath">The registered path.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The handler's response.</returns>
    public Task<InboundResponse> PostAsync(string relativePath, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken = default) =>
        _routes[relativePath](
            new InboundRequest("POST", $"/adapters/x/{relativePath}", new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase), body),
            cancellationToken);
}
