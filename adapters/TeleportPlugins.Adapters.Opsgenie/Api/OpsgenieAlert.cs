namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>The fields of <c>GET /v2/alerts/{identifier}</c>'s <c>data</c> the adapter reads.</summary>
internal sealed record OpsgenieAlert(string? Id, string? Alias, string? Status);
