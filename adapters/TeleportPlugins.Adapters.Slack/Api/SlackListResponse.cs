namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of <c>conversations.list</c>, one page.</summary>
internal sealed record SlackListResponse(bool Ok, string? Error, string? Needed, IReadOnlyList<SlackConversation>? Channels, SlackResponseMetadata? ResponseMetadata) : ISlackResponse;
