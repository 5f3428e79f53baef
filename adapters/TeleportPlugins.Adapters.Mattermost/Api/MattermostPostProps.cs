namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The <c>props</c> the adapter sets on its posts: <c>teleport_access_request</c> = request ID and item, which a
/// resumed step finds again in the channel's posts. A patch that omits props keeps them.
/// </summary>
internal sealed record MattermostPostProps(string? TeleportAccessRequest);
