namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The body of <c>PUT /posts/{id}/patch</c>: the message and, when the buttons change, the props (which then replace the
/// post's props whole); omitted fields stay.
/// </summary>
internal sealed record MattermostPostPatch(string Message, MattermostPostProps? Props = null);
