namespace TeleportPlugins.Adapters.Teams;

/// <summary>An app in the tenant's catalog: Graph's <c>id</c> and the manifest's <c>externalId</c> (<c>teams_app_id</c>).</summary>
internal sealed record GraphTeamsApp(string Id, string? ExternalId, string? DisplayName);
