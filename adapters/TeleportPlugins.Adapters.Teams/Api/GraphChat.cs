namespace TeleportPlugins.Adapters.Teams;

/// <summary>The 1:1 chat of a user with the app; its ID is the Bot Framework conversation ID.</summary>
internal sealed record GraphChat(string Id);
