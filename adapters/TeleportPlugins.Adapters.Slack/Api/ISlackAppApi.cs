using Refit;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>The Web API method called with the app-level token (<c>xapp-…</c>) rather than the bot token.</summary>
[Headers("Accept: application/json")]
internal interface ISlackAppApi
{
    /// <summary><c>POST apps.connections.open</c>: a WebSocket URL for Socket Mode.</summary>
    [Post("/apps.connections.open")]
    Task<SlackConnectionsOpenResponse> OpenConnectionAsync(CancellationToken cancellationToken);
}
