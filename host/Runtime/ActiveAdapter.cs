using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Loading;

namespace TeleportPlugins.Host.Runtime;

/// <summary>An adapter that was created and passed its health check: the host sends it requests.</summary>
/// <param name="Package">Where it was loaded from.</param>
/// <param name="Adapter">The adapter.</param>
/// <param name="Health">What its health check said.</param>
internal sealed record ActiveAdapter(AdapterPackage Package, IAccessRequestAdapter Adapter, AdapterHealth Health)
{
    /// <summary>The adapter's name.</summary>
    public string Name => Package.Name;
}
