namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The answer of <c>GET /incidents/{id}/notes</c>: every note of the incident (PagerDuty does not page it).</summary>
internal sealed record PagerDutyNoteList(IReadOnlyList<PagerDutyNote>? Notes);
