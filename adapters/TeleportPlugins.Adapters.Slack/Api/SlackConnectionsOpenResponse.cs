namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of <c>apps.connections.open</c>: a single-use WebSocket URL.</summary>
internal sealed record SlackConnectionsOpenResponse(bool Ok, string? Error, Uri? Url) : ISlackResponse;
