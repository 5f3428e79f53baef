using TeleportPlugins.Adapters.Common.Messaging;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Message metadata (<c>metadata</c> of <c>chat.postMessage</c>, returned by <c>conversations.history</c> and
/// <c>conversations.replies</c> with <c>include_all_metadata</c>): an event type and a payload Slack keeps with the
/// message without showing it.
/// </summary>
internal sealed record SlackMessageMetadata(string EventType, SlackMarkerPayload? EventPayload)
{
    /// <summary>The event type of every message the adapter posts.</summary>
    public const string AccessRequestEvent = "teleport_access_request";

    public static SlackMessageMetadata For(ChatMarker marker) => new(AccessRequestEvent, new SlackMarkerPayload(marker.RequestId, marker.Item));

    public bool Marks(ChatMarker marker) =>
        EventType == AccessRequestEvent && EventPayload is { } payload && payload.RequestId == marker.RequestId && payload.Item == marker.Item;
}
