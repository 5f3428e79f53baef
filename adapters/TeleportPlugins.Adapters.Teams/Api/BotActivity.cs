namespace TeleportPlugins.Adapters.Teams;

/// <summary>A message activity: an Adaptive Card attachment, or Markdown text (replies and the requester's message).</summary>
internal sealed record BotActivity(string Type, string? Text = null, string? TextFormat = null, string? Summary = null, IReadOnlyList<BotAttachment>? Attachments = null);
