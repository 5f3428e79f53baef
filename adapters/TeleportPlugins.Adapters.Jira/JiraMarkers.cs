using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>
/// Jira's marks (<see cref="ResumeMarkers"/>): a label on the issue (JQL can search labels; an entity property is only
/// searchable when an app indexes it) and a muted last line on each comment (GET comments cannot show comment properties).
/// </summary>
internal static class JiraMarkers
{
    /// <summary>Jira rejects labels longer than 255 characters.</summary>
    private const int LabelLimit = 255;

    private const string LabelPrefix = "teleport-request-";
    private const string CommentPrefix = "Teleport reference: ";

    /// <summary>The label: the request ID with anything a label cannot hold (spaces, quotes) replaced.</summary>
    /// <param name="requestId">The Access Request ID.</param>
    /// <returns>The label.</returns>
    public static string Label(string requestId) => ResumeMarkers.Label(LabelPrefix, requestId, LabelLimit);

    /// <summary>The comment text with its marker as last line, in a muted colour.</summary>
    /// <param name="body">The comment text.</param>
    /// <param name="requestId">The Access Request ID.</param>
    /// <param name="item">What the comment is: a review or the resolution.</param>
    /// <returns>The marked text.</returns>
    public static string Mark(string body, string requestId, string item) => ResumeMarkers.Mark(body, Line(requestId, item));

    /// <summary>Whether a comment ends with the item's marker (review reasons sit in a noformat block that closes after them).</summary>
    /// <param name="body">The comment text.</param>
    /// <param name="requestId">The Access Request ID.</param>
    /// <param name="item">The item.</param>
    /// <returns>Whether it is the item's comment.</returns>
    public static bool IsMarked(string? body, string requestId, string item) => ResumeMarkers.EndsWith(body, Line(requestId, item));

    private static string Line(string requestId, string item) => "{color:#97a0af}" + CommentPrefix + Label(requestId) + "/" + item + "{color}";
}
