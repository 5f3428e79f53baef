namespace TeleportPlugins.Host.Teleport;

/// <summary>The kinds of watch events the engine handles.</summary>
internal enum TeleportWatchEventKind
{
    /// <summary>The watch is established; changes after this are delivered.</summary>
    Init = 0,

    /// <summary>A request was created or changed (review, state change).</summary>
    Put = 1,

    /// <summary>A request was deleted or expired.</summary>
    Delete = 2,
}
