namespace TeleportPlugins.Contracts;

/// <summary>Registers inbound HTTP routes for one adapter.</summary>
public interface IInboundRouteRegistry
{
    /// <summary>The largest request body the host accepts; larger bodies get 413 before any handler runs.</summary>
    int MaxBodyBytes { get; }

    /// <summary>Serves <c>POST /adapters/&lt;adapter name&gt;/&lt;relativePath&gt;</c> with <paramref name="handler"/>.</summary>
    /// <param name="relativePath">The path below the adapter's prefix, e.g. <c>webhook</c>.</param>
    /// <param name="handler">The handler. It gets the raw body so that signatures can be checked over the exact bytes.</param>
    void MapPost(string relativePath, InboundRequestHandler handler);
}
