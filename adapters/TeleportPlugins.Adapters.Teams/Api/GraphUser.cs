namespace TeleportPlugins.Adapters.Teams;

/// <summary>The part of a Graph user the adapter needs: the Entra ID object ID.</summary>
internal sealed record GraphUser(string Id, string? DisplayName, string? Mail);
