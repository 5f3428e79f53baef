namespace TeleportPlugins.Adapters.Slack;

/// <summary>The <c>event_payload</c> of the adapter's message metadata: which request and which item of it.</summary>
internal sealed record SlackMarkerPayload(string? RequestId, string? Item);
