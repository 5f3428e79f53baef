using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Http;

/// <summary>
/// The adapters' routes, looked up per request, so adapters may register while the listener already runs.
/// Every route lives under <c>/adapters/&lt;adapter&gt;/</c>, so adapters cannot shadow each other or the health endpoints.
/// </summary>
internal sealed class InboundRouteTable(HttpOptions options)
{
    private readonly ConcurrentDictionary<string, InboundRequestHandler> _routes = new(StringComparer.Ordinal);

    /// <summary>The registry one adapter registers its routes with.</summary>
    /// <param name="adapterName">The adapter.</param>
    /// <returns>The registry.</returns>
    public IInboundRouteRegistry For(string adapterName) => new Registry(this, adapterName, options.MaxBodyBytes);

    /// <summary>The handler for a path, if any.</summary>
    /// <param name="path">The request path.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Whether a route matched.</returns>
    public bool TryGet(string path, out InboundRequestHandler handler) => _routes.TryGetValue(path, out handler!);

    /// <summary>The registered paths, for logs.</summary>
    public IEnumerable<string> Paths => _routes.Keys;

    private sealed class Registry(InboundRouteTable table, string adapterName, int maxBodyBytes) : IInboundRouteRegistry
    {
        public int MaxBodyBytes => maxBodyBytes;

        public void MapPost(string relativePath, InboundRequestHandler handler)
        {
            ArgumentNullException.ThrowIfNull(relativePath);
            ArgumentNullException.ThrowIfNull(handler);
            var relative = relativePath.Trim('/');
            if (relative.Length == 0 || relative.Contains("..", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{relativePath}' is not a usable route path", nameof(relativePath));
            }

            var path = $"/adapters/{adapterName}/{relative}";
            if (!table._routes.TryAdd(path, handler))
            {
                throw new InvalidOperationException($"route {path} is registered twice");
            }
        }
    }
}
