namespace TeleportPlugins.Adapters.ServiceNow.Tests;

/// <summary>An incident stored by the fake, in domain terms.</summary>
public sealed class FakeServiceNowIncident
{
    /// <summary>The record's sys_id (32 hex characters).</summary>
    public required string SysId { get; init; }

    /// <summary>The number, e.g. INC0010001.</summary>
    public required string Number { get; init; }

    /// <summary>The short description.</summary>
    public string ShortDescription { get; set; } = string.Empty;

    /// <summary>The description.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>The caller, as sent (a user name or sys_id).</summary>
    public string CallerId { get; set; } = string.Empty;

    /// <summary>The assignee, as sent.</summary>
    public string AssignedTo { get; set; } = string.Empty;

    /// <summary>The assignment group, as sent.</summary>
    public string AssignmentGroup { get; set; } = string.Empty;

    /// <summary>The integration's correlation ID.</summary>
    public string CorrelationId { get; set; } = string.Empty;

    /// <summary>Where the correlation ID comes from.</summary>
    public string CorrelationDisplay { get; set; } = string.Empty;

    /// <summary>The incident state: 1 New until changed.</summary>
    public string IncidentState { get; set; } = "1";

    /// <summary>The close code.</summary>
    public string CloseCode { get; set; } = string.Empty;

    /// <summary>The close notes.</summary>
    public string CloseNotes { get; set; } = string.Empty;

    /// <summary>The work notes journal, oldest first (each write adds an entry).</summary>
    public List<string> WorkNotes { get; } = [];
}
