namespace TeleportPlugins.Fakes.GitLab;

/// <summary>A project of the fake: its own labels and issues, whose IIDs count from 1 per project as GitLab's do.</summary>
public sealed class FakeGitLabProject
{
    /// <summary>The numeric ID.</summary>
    public required long Id { get; init; }

    /// <summary>The <c>namespace/project</c> path; the API takes it URL-encoded in place of the ID.</summary>
    public required string Path { get; init; }

    /// <summary>The project's labels (GitLab compares their names in any case).</summary>
    public HashSet<string> Labels { get; } = new(StringComparer.OrdinalIgnoreCase) { "bug" };

    /// <summary>The project's issues in creation order: an issue's IID is its index plus one.</summary>
    internal List<FakeGitLabIssue> Issues { get; } = [];

    /// <summary>GitLab's label filter from an index, so a lookup never scans every issue of a load run; issues in creation order.</summary>
    internal Dictionary<string, List<FakeGitLabIssue>> ByLabel { get; } = new(StringComparer.OrdinalIgnoreCase);
}
