using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Loading;

/// <summary>
/// One folder of the adapters directory: loaded (with its factory), failed (with the reason), or only discovered
/// (neither: its manifest was read but it was not selected for loading, e.g. not enabled at start).
/// </summary>
/// <param name="Folder">The adapter's folder.</param>
/// <param name="Manifest">The manifest, when it could be read.</param>
/// <param name="Factory">The factory, when the folder loaded.</param>
/// <param name="Error">Why the folder did not load or cannot load, when it did not.</param>
internal sealed record AdapterPackage(string Folder, AdapterManifest? Manifest, IAccessRequestAdapterFactory? Factory, string? Error)
{
    /// <summary>The adapter name: the manifest's, or the folder's when the manifest is unreadable.</summary>
    public string Name => Manifest?.Name ?? Path.GetFileName(Folder);

    /// <summary>Whether the folder loaded.</summary>
    public bool IsLoaded => Factory is not null;
}
