namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>An incident as the PagerDuty fake holds it.</summary>
public sealed class FakePagerDutyIncident
{
    internal FakePagerDutyIncident(string id, string incidentKey, string title, string details, string serviceId, string createdBy)
    {
        Id = id;
        IncidentKey = incidentKey;
        Title = title;
        Details = details;
        ServiceId = serviceId;
        CreatedBy = createdBy;
    }

    /// <summary>The incident ID.</summary>
    public string Id { get; }

    /// <summary>The de-duplication key it was created with.</summary>
    public string IncidentKey { get; }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>body.details.</summary>
    public string Details { get; }

    /// <summary>The service it was opened on.</summary>
    public string ServiceId { get; }

    /// <summary>The From e-mail of the creating call.</summary>
    public string CreatedBy { get; }

    /// <summary>triggered, acknowledged or resolved.</summary>
    public string Status { get; internal set; } = "triggered";

    /// <summary>The notes' contents, oldest first.</summary>
    public List<string> Notes { get; } = [];
}
