using TeleportPlugins.Host.Loading;

namespace TeleportPlugins.Host.Configuration;

/// <summary>An enabled, loaded adapter with its bound and validated options.</summary>
/// <param name="Package">The loaded adapter folder.</param>
/// <param name="Options">An instance of the factory's options type.</param>
internal sealed record ConfiguredAdapter(AdapterPackage Package, object Options);
