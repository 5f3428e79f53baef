namespace TeleportPlugins.Fakes.Discord;

/// <summary>A message the fake Discord holds.</summary>
/// <param name="Id">Its snowflake ID.</param>
/// <param name="ChannelId">Its channel.</param>
/// <param name="ReplyTo">The message it replies to (<c>message_reference</c>), else null.</param>
/// <param name="Content">Its current content.</param>
/// <param name="Edits">How many times it was edited.</param>
/// <param name="MentionsParsed">The <c>allowed_mentions.parse</c> list of the last write, or null when absent.</param>
/// <param name="Footer">The footer text of its first embed, or null.</param>
/// <param name="Buttons">The <c>custom_id</c> of each button in its components, in order; null when it has none.</param>
public sealed record DiscordMessageRecord(string Id, string ChannelId, string? ReplyTo, string Content, int Edits, IReadOnlyList<string>? MentionsParsed, string? Footer = null, IReadOnlyList<string>? Buttons = null);
