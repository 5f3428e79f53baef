namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>The body of PATCH table/incident/{sys_id}; only the fields that are set are sent.</summary>
internal sealed record ServiceNowIncidentUpdate(
    string? WorkNotes = null,
    string? CloseCode = null,
    string? CloseNotes = null,
    string? IncidentState = null);
