namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of <c>conversations.open</c>: the direct-message channel with a user.</summary>
internal sealed record SlackOpenResponse(bool Ok, string? Error, string? Needed, SlackConversation? Channel) : ISlackResponse;
