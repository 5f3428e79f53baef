namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The <c>{"note": ...}</c> body and answer of <c>POST /incidents/{id}/notes</c>.</summary>
internal sealed record PagerDutyNoteEnvelope(PagerDutyNote? Note);
