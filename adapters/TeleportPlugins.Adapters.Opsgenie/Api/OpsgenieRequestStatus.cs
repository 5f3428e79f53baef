namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>The <c>data</c> of <c>GET /v2/alerts/requests/{requestId}</c>.</summary>
internal sealed record OpsgenieRequestStatus(bool IsSuccess, string? Action, string? Status, string? AlertId, string? Alias);
