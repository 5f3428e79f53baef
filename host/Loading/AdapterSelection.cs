namespace TeleportPlugins.Host.Loading;

/// <summary>Which adapter folders a command loads. Every folder is discovered by name either way.</summary>
internal enum AdapterSelection
{
    /// <summary>
    /// Every folder: <c>check</c> (so that it reports on every adapter the configuration mentions, before anyone
    /// enables it) and <c>adapters list</c> (whose purpose is each folder's load status).
    /// </summary>
    All,

    /// <summary>Only the adapters in <c>[adapters] enabled</c>: <c>start</c>.</summary>
    Enabled,
}
