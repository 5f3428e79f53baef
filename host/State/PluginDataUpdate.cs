namespace TeleportPlugins.Host.State;

/// <summary>How a compare-and-swap of plugin data ended.</summary>
/// <param name="Record">The record as written, or, when the change declined, the record it declined (as last read or as known).</param>
/// <param name="Written">Whether the change was stored (or there was nothing to change).</param>
internal sealed record PluginDataUpdate(RequestRecord Record, bool Written);
