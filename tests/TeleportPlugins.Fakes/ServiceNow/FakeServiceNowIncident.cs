namespace TeleportPlugins.Fakes.ServiceNow;

/// <summary>An incident stored by the fake, in domain terms; safe to read while the fake's handlers write it.</summary>
public sealed class FakeServiceNowIncident
{
    private readonly Lock _gate = new();
    private readonly List<string> _workNotes = [];
    private readonly List<string> _workNoteIds = [];

    /// <summary>The record's sys_id (32 hex characters).</summary>
    public required string SysId { get; init; }

    /// <summary>The number, e.g. INC0010001.</summary>
    public required string Number { get; init; }

    /// <summary>The short description.</summary>
    public string ShortDescription { get; internal set; } = string.Empty;

    /// <summary>The description.</summary>
    public string Description { get; internal set; } = string.Empty;

    /// <summary>The caller, as sent (a user name or sys_id).</summary>
    public string CallerId { get; internal set; } = string.Empty;

    /// <summary>The assignee, as sent.</summary>
    public string AssignedTo { get; internal set; } = string.Empty;

    /// <summary>The assignment group, as sent.</summary>
    public string AssignmentGroup { get; internal set; } = string.Empty;

    /// <summary>The integration's correlation ID.</summary>
    public string CorrelationId { get; internal set; } = string.Empty;

    /// <summary>Where the correlation ID comes from.</summary>
    public string CorrelationDisplay { get; internal set; } = string.Empty;

    /// <summary>The incident state: 1 New until changed.</summary>
    public string IncidentState { get; internal set; } = "1";

    /// <summary>The close code.</summary>
    public string CloseCode { get; internal set; } = string.Empty;

    /// <summary>The close notes.</summary>
    public string CloseNotes { get; internal set; } = string.Empty;

    /// <summary>The work notes journal, oldest first (a copy; each write adds an entry).</summary>
    public IReadOnlyList<string> WorkNotes
    {
        get
        {
            lock (_gate)
            {
                return [.. _workNotes];
            }
        }
    }

    /// <summary>The work notes' journal entries (their sys_id and value), oldest first (a copy).</summary>
    internal IReadOnlyList<(string SysId, string Value)> WorkNoteEntries
    {
        get
        {
            lock (_gate)
            {
                return [.. _workNoteIds.Zip(_workNotes)];
            }
        }
    }

    /// <summary>Adds a work-notes journal entry.</summary>
    /// <param name="note">The entry.</param>
    internal void AddWorkNote(string note)
    {
        lock (_gate)
        {
            _workNoteIds.Add(Guid.NewGuid().ToString("N"));
            _workNotes.Add(note);
        }
    }
}
