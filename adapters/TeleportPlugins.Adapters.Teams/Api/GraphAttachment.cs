namespace TeleportPlugins.Adapters.Teams;

/// <summary>A message's attachment; an Adaptive Card's <c>content</c> is the card's JSON as a string.</summary>
internal sealed record GraphAttachment(string? ContentType, string? Content);
