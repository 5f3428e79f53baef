namespace TeleportPlugins.Fakes.PagerDuty;

/// <summary>An incident as the PagerDuty fake holds it; safe to read while the fake's handlers write it.</summary>
public sealed class FakePagerDutyIncident
{
    private readonly Lock _gate = new();
    private readonly List<string> _notes = [];
    private readonly List<string> _noteIds = [];
    private string _status = "triggered";

    internal FakePagerDutyIncident(string id, string incidentKey, string title, string? details, string serviceId, string createdBy)
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

    /// <summary>The de-duplication key it was created with (or PagerDuty's own, when the call gave none).</summary>
    public string IncidentKey { get; }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>body.details, or null when the call sent no body.</summary>
    public string? Details { get; }

    /// <summary>The service it was opened on.</summary>
    public string ServiceId { get; }

    /// <summary>The From e-mail of the creating call.</summary>
    public string CreatedBy { get; }

    /// <summary>triggered, acknowledged or resolved.</summary>
    public string Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }

        internal set
        {
            lock (_gate)
            {
                _status = value;
            }
        }
    }

    /// <summary>The notes' contents, oldest first (a copy).</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_gate)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>The notes' IDs and contents, oldest first (a copy).</summary>
    internal IReadOnlyList<(string Id, string Content)> NotesWithIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _noteIds.Zip(_notes)];
            }
        }
    }

    /// <summary>Adds a note.</summary>
    /// <param name="id">The note's ID.</param>
    /// <param name="content">The content.</param>
    internal void AddNote(string id, string content)
    {
        lock (_gate)
        {
            _noteIds.Add(id);
            _notes.Add(content);
        }
    }
}
