namespace TeleportPlugins.Adapters.Teams;

/// <summary>An app installation for a user or team, with the app expanded.</summary>
internal sealed record GraphInstallation(string Id, GraphTeamsApp? TeamsApp);
