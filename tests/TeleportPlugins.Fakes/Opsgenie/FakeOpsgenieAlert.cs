namespace TeleportPlugins.Fakes.Opsgenie;

/// <summary>An alert as the Opsgenie fake holds it.</summary>
public sealed class FakeOpsgenieAlert
{
    internal FakeOpsgenieAlert(string id, string alias, string message, string description, string priority, IReadOnlyList<(string Type, string? Id, string? Name)> responders)
    {
        Id = id;
        Alias = alias;
        Message = message;
        Description = description;
        Priority = priority;
        Responders = responders;
    }

    /// <summary>The alert ID.</summary>
    public string Id { get; }

    /// <summary>The de-duplication alias.</summary>
    public string Alias { get; }

    /// <summary>The message (title).</summary>
    public string Message { get; }

    /// <summary>The description.</summary>
    public string Description { get; }

    /// <summary>P1 to P5.</summary>
    public string Priority { get; }

    /// <summary>The responders as sent: type and id or name.</summary>
    public IReadOnlyList<(string Type, string? Id, string? Name)> Responders { get; }

    /// <summary>open or closed.</summary>
    public string Status { get; internal set; } = "open";

    /// <summary>How many creations were de-duplicated into this alert, itself included.</summary>
    public int Count { get; internal set; } = 1;

    /// <summary>Notes, oldest first (a close with a note adds it too).</summary>
    public List<string> Notes { get; } = [];
}
