namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>The body of <c>POST /v2/alerts</c>.</summary>
internal sealed record OpsgenieNewAlert(string Message, string Alias, string Description, IReadOnlyList<OpsgenieResponder> Responders, string Priority, string Source);
