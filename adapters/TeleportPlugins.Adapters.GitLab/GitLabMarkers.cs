using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>
/// GitLab's marks (<see cref="ResumeMarkers"/>): a scoped label on the issue (the issues list filters by label) and a
/// hidden last line on each note (an HTML comment, which GitLab's Markdown does not show).
/// </summary>
internal static class GitLabMarkers
{
    /// <summary>GitLab refuses label names longer than 255 characters.</summary>
    private const int LabelLimit = 255;

    private const string LabelPrefix = "teleport-request::";

    /// <summary>
    /// The label: the request ID with anything a label list cannot carry replaced (labels travel
    /// comma-separated). A scoped label, so a GitLab tier with scoped labels keeps one per issue.
    /// </summary>
    /// <param name="requestId">The Access Request ID.</param>
    /// <returns>The label.</returns>
    public static string Label(string requestId) => ResumeMarkers.Label(LabelPrefix, requestId, LabelLimit);

    /// <summary>The note text with its hidden marker as last line.</summary>
    /// <param name="body">The note text.</param>
    /// <param name="requestId">The Access Request ID.</param>
    /// <param name="item">What the note is: a review or the resolution.</param>
    /// <returns>The marked text.</returns>
    public static string Mark(string body, string requestId, string item) => ResumeMarkers.Mark(body, Line(requestId, item));

    /// <summary>Whether a note ends with the item's marker.</summary>
    /// <param name="body">The note text.</param>
    /// <param name="requestId">The Access Request ID.</param>
    /// <param name="item">The item.</param>
    /// <returns>Whether it is the item's note.</returns>
    public static bool IsMarked(string? body, string requestId, string item) => ResumeMarkers.EndsWith(body, Line(requestId, item));

    private static string Line(string requestId, string item) => "<!-- " + Label(requestId) + "/" + item + " -->";
}
