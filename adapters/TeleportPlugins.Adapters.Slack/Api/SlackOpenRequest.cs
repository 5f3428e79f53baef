namespace TeleportPlugins.Adapters.Slack;

/// <summary>The body of <c>conversations.open</c>: one user ID opens (or returns) the bot's DM with that user.</summary>
internal sealed record SlackOpenRequest(string Users);
