namespace TeleportPlugins.Fakes.Slack;

/// <summary>An edit the fake Slack accepted through <c>chat.update</c>.</summary>
/// <param name="Channel">The channel ID.</param>
/// <param name="Ts">The edited message's ts.</param>
/// <param name="Text">The new top-level text.</param>
/// <param name="BlocksText">The new blocks' texts, joined by new lines.</param>
/// <param name="Buttons">The buttons of its new actions blocks (empty without).</param>
public sealed record SlackUpdatedMessage(string Channel, string Ts, string Text, string BlocksText, IReadOnlyList<SlackPostedButton>? Buttons = null);
