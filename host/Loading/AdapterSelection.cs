namespace TeleportPlugins.Host.Loading;

/// <summary>Which adapter folders a command loads. Every folder is discovered by name either way.</summary>
internal enum AdapterSelection
{
    /// <summary>
    /// Every folder: <c>adapters list</c> (whose purpose is each folder's load status) and <c>check</c> (a thorough
    /// check run before deploying, where the cost does not matter: it sees the same adapters as <c>adapters list</c>,
    /// with every adapter's options type at hand, also for a section whose adapter is not enabled or misspelt there).
    /// </summary>
    All,

    /// <summary>Only the adapters in <c>[adapters] enabled</c>: <c>start</c>.</summary>
    Enabled,
}
