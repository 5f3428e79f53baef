namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>The body of <c>POST /v2/alerts/{id}/notes</c> and <c>/close</c>.</summary>
internal sealed record OpsgenieAlertNote(string Note, string Source);
