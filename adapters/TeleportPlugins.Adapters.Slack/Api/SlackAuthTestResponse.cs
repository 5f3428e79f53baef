namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of <c>auth.test</c>.</summary>
internal sealed record SlackAuthTestResponse(bool Ok, string? Error, string? User, string? Team) : ISlackResponse;
