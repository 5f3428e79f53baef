namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The <c>props</c> the adapter sets on its posts: <c>teleport_access_request</c> = request ID and item, which a
/// resumed step finds again in the channel's posts, and with approve-from-tool the <c>attachments</c> holding the
/// buttons. A patch that omits props keeps them; one that sends props replaces them whole.
/// </summary>
internal sealed record MattermostPostProps(string? TeleportAccessRequest, IReadOnlyList<MattermostAttachment>? Attachments = null);
