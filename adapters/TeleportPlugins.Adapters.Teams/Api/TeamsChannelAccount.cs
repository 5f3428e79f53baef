namespace TeleportPlugins.Adapters.Teams;

/// <summary>Who sent an activity: the Teams user ID (<c>29:...</c>) and the Entra ID object ID.</summary>
internal sealed record TeamsChannelAccount(string? Id, string? Name, string? AadObjectId);
