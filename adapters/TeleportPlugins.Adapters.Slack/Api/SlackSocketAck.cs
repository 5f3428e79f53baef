namespace TeleportPlugins.Adapters.Slack;

/// <summary>The acknowledgement of a Socket Mode envelope.</summary>
internal sealed record SlackSocketAck(string EnvelopeId);
