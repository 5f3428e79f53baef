namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// A button's context, sent back unchanged with each click: the request, the action, and the token that binds the two
/// (HMAC-SHA256 under <c>action_secret</c>, hex).
/// </summary>
internal sealed record MattermostActionContext(string? RequestId, string? Action, string? Token);
