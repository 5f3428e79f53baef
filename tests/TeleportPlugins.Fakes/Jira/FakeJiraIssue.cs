namespace TeleportPlugins.Fakes.Jira;

/// <summary>An issue stored by the fake, in domain terms.</summary>
public sealed class FakeJiraIssue
{
    /// <summary>The numeric ID as a string.</summary>
    public required string Id { get; init; }

    /// <summary>The key, e.g. PROJ-1.</summary>
    public required string Key { get; init; }

    /// <summary>The project key.</summary>
    public required string Project { get; init; }

    /// <summary>The issue type name.</summary>
    public required string IssueType { get; init; }

    /// <summary>The summary.</summary>
    public required string Summary { get; init; }

    /// <summary>The description (wiki markup).</summary>
    public required string Description { get; init; }

    /// <summary>When it was created, by the fake's clock.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>The labels set when it was created.</summary>
    public List<string> Labels { get; } = [];

    /// <summary>Entity properties (key to raw JSON value).</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>The current status name.</summary>
    public string Status { get; set; } = "To Do";

    /// <summary>The comments, oldest first.</summary>
    public List<FakeJiraComment> Comments { get; } = [];

    /// <summary>Status changes, oldest first: who moved it, to what, when.</summary>
    public List<(FakeJiraUser Author, string From, string To, DateTimeOffset Created)> StatusChanges { get; } = [];
}
