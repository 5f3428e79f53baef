namespace TeleportPlugins.Adapters.Teams;

/// <summary>The error body of Graph and of the Bot Framework Connector: <c>{"error": {"code", "message"}}</c>.</summary>
internal sealed record GraphError(GraphErrorDetail? Error);
