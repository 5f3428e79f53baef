namespace TeleportPlugins.Adapters.Slack;

/// <summary>What the reason modal carries in its <c>private_metadata</c>: the request, and where to answer the user.</summary>
internal sealed record SlackDenyMetadata(string RequestId, string ChannelId);
