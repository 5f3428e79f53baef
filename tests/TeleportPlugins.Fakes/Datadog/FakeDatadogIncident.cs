namespace TeleportPlugins.Fakes.Datadog;

/// <summary>An incident as the Datadog fake holds it.</summary>
public sealed class FakeDatadogIncident
{
    internal FakeDatadogIncident(string id, long publicId, string title, string summary, string severity, IReadOnlyList<string> teams, IReadOnlyList<string> notificationHandles, DateTimeOffset created)
    {
        Id = id;
        PublicId = publicId;
        Title = title;
        Summary = summary;
        Severity = severity;
        Teams = teams;
        NotificationHandles = notificationHandles;
        Created = created;
    }

    /// <summary>The incident's UUID.</summary>
    public string Id { get; }

    /// <summary>The incident's number in the organization (1, 2, ...).</summary>
    public long PublicId { get; }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The summary field.</summary>
    public string Summary { get; }

    /// <summary>The severity field, e.g. SEV-3.</summary>
    public string Severity { get; }

    /// <summary>The teams field as sent.</summary>
    public IReadOnlyList<string> Teams { get; }

    /// <summary>The notification handles as sent, e.g. <c>@alice@example.com</c>.</summary>
    public IReadOnlyList<string> NotificationHandles { get; }

    /// <summary>When the fake's clock says it was declared.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>active, stable or resolved.</summary>
    public string State { get; internal set; } = "active";

    /// <summary>The markdown timeline notes, oldest first.</summary>
    public List<string> Notes { get; } = [];
}
