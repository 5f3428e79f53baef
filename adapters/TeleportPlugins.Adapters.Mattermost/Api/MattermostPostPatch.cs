namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The body of <c>PUT /posts/{id}/patch</c>: only the message changes, the post's other fields stay.</summary>
internal sealed record MattermostPostPatch(string Message);
