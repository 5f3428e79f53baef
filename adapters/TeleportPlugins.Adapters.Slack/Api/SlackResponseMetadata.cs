namespace TeleportPlugins.Adapters.Slack;

/// <summary>Slack's cursor pagination: <c>next_cursor</c> is empty on the last page.</summary>
internal sealed record SlackResponseMetadata(string? NextCursor);
