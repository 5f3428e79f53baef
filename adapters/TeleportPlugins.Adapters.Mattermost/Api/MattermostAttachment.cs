namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>A message attachment in a post's <c>props.attachments</c>; the adapter's holds the Approve and Deny buttons.</summary>
internal sealed record MattermostAttachment(string Text, IReadOnlyList<MattermostAction> Actions);
