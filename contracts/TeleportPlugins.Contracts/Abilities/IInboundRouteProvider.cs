namespace TeleportPlugins.Contracts;

/// <summary>
/// Optional ability: an adapter that receives HTTP calls from its tool (webhooks, approve-from-tool) implements this.
/// The host calls <see cref="MapRoutes"/> once, after the adapter's health check passed, and serves the routes on its
/// listener (<c>[http] listen_addr</c>) under <c>/adapters/&lt;name&gt;/</c>.
/// </summary>
public interface IInboundRouteProvider
{
    /// <summary>Registers the adapter's routes.</summary>
    /// <param name="routes">Where to register them.</param>
    void MapRoutes(IInboundRouteRegistry routes);
}
