namespace TeleportPlugins.Adapters.Teams;

/// <summary>The Connector's answer to a send or update: the activity's ID.</summary>
internal sealed record BotResourceResponse(string? Id);
