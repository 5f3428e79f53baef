namespace TeleportPlugins.Adapters.Teams;

/// <summary>A message of a chat as Graph lists it: its ID (the Connector's activity ID), body and card attachments.</summary>
internal sealed record GraphChatMessage(string Id, GraphItemBody? Body, IReadOnlyList<GraphAttachment>? Attachments);
