namespace TeleportPlugins.Fakes.Slack;

/// <summary>A message the fake Slack accepted through <c>chat.postEphemeral</c>: shown to one user only.</summary>
/// <param name="Channel">The channel ID it was shown in.</param>
/// <param name="User">The user who sees it.</param>
/// <param name="Text">Its text.</param>
public sealed record SlackEphemeralMessage(string Channel, string User, string Text);
