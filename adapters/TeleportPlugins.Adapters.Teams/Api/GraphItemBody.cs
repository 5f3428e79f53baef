namespace TeleportPlugins.Adapters.Teams;

/// <summary>A message's body: <c>html</c> or <c>text</c> content.</summary>
internal sealed record GraphItemBody(string? ContentType, string? Content);
