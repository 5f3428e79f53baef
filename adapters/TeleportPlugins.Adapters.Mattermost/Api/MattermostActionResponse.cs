namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The answer to a click (<c>PostActionIntegrationResponse</c>): a message only the clicking user sees, or none when a
/// dialog opens instead. Without <c>update</c> the post stays as it is; the lifecycle's edit replaces the buttons once
/// the request is resolved.
/// </summary>
internal sealed record MattermostActionResponse(string? EphemeralText = null);
