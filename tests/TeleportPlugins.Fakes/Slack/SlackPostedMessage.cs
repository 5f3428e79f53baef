namespace TeleportPlugins.Fakes.Slack;

/// <summary>A message the fake Slack accepted through <c>chat.postMessage</c>.</summary>
/// <param name="Channel">The channel ID it landed in (a D… ID for direct messages).</param>
/// <param name="Ts">Its timestamp ID.</param>
/// <param name="ThreadTs">The parent's ts for a thread reply, else null.</param>
/// <param name="Text">The top-level text.</param>
/// <param name="BlocksText">The texts of all blocks, joined by new lines (empty without blocks).</param>
/// <param name="Metadata">The message metadata as JSON (<c>{"event_type":…,"event_payload":{…}}</c>), or null.</param>
/// <param name="Buttons">The buttons of its actions blocks (empty without).</param>
public sealed record SlackPostedMessage(string Channel, string Ts, string? ThreadTs, string Text, string BlocksText, string? Metadata = null, IReadOnlyList<SlackPostedButton>? Buttons = null);
