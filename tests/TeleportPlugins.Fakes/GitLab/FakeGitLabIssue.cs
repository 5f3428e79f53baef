namespace TeleportPlugins.Fakes.GitLab;

/// <summary>An issue stored by the fake, in domain terms.</summary>
public sealed class FakeGitLabIssue
{
    /// <summary>The global ID.</summary>
    public required long Id { get; init; }

    /// <summary>The ID of the project the issue is in.</summary>
    public required long ProjectId { get; init; }

    /// <summary>The per-project IID.</summary>
    public required long Iid { get; init; }

    /// <summary>The author's user ID.</summary>
    public required long AuthorId { get; init; }

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>The Markdown description.</summary>
    public required string Description { get; set; }

    /// <summary>When it was created, by the fake's clock.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>"opened" or "closed".</summary>
    public string State { get; set; } = "opened";

    /// <summary>The label names.</summary>
    public List<string> Labels { get; } = [];

    /// <summary>The notes' bodies, oldest first.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Each note's ID and creation time, in the order of <see cref="Notes"/>.</summary>
    public List<(long Id, DateTimeOffset CreatedAt)> NoteStamps { get; } = [];

    /// <summary>Label events, oldest first: who, which label, add or remove.</summary>
    public List<(long UserId, string Username, string Label, string Action)> LabelEvents { get; } = [];
}
