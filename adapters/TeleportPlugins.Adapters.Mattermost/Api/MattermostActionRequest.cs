namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// What the Mattermost server POSTs to a button's integration URL (<c>PostActionIntegrationRequest</c>): who clicked,
/// on which post, and the button's context. Only the context's token authenticates it; nothing is signed.
/// </summary>
internal sealed record MattermostActionRequest(string? UserId, string? UserName, string? ChannelId, string? PostId, string? TriggerId, string? Type, MattermostActionContext? Context);
