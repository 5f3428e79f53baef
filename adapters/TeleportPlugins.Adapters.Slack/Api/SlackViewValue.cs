namespace TeleportPlugins.Adapters.Slack;

/// <summary>One input's value (null when an optional input was left empty).</summary>
internal sealed record SlackViewValue(string? Value);
