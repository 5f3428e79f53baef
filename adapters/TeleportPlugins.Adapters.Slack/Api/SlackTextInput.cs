namespace TeleportPlugins.Adapters.Slack;

/// <summary>A <c>plain_text_input</c> element.</summary>
internal sealed record SlackTextInput(string Type, string ActionId, bool Multiline, int MaxLength);
