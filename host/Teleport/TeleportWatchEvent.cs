using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Teleport;

/// <summary>One watch event, in contract types.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Request">The request, for <see cref="TeleportWatchEventKind.Put"/>.</param>
/// <param name="RequestId">The request ID, for <see cref="TeleportWatchEventKind.Put"/> and <see cref="TeleportWatchEventKind.Delete"/>.</param>
internal sealed record TeleportWatchEvent(TeleportWatchEventKind Kind, AccessRequestSnapshot? Request, string? RequestId)
{
    /// <summary>The INIT event.</summary>
    public static TeleportWatchEvent Init { get; } = new(TeleportWatchEventKind.Init, null, null);

    /// <summary>A PUT event.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent Put(AccessRequestSnapshot request) => new(TeleportWatchEventKind.Put, request, request.Id);

    /// <summary>A DELETE event.</summary>
    /// <param name="requestId">The deleted request.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent Delete(string requestId) => new(TeleportWatchEventKind.Delete, null, requestId);
}
