namespace TeleportPlugins.Adapters.Slack;

/// <summary>The body of <c>chat.postEphemeral</c>: a message in <c>channel</c> that only <c>user</c> sees.</summary>
internal sealed record SlackPostEphemeralRequest(string Channel, string User, string Text);
