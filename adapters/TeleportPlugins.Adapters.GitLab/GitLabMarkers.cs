using System.Globalization;
using System.Text;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>
/// The deterministic marks every attempt puts on what it creates, so that a step resuming after a crash finds what the
/// lost attempt created instead of creating it again: a scoped label on the issue (the issues list filters by label)
/// and a hidden last line on each note (an HTML comment, which GitLab's Markdown does not show).
/// </summary>
internal static class GitLabMarkers
{
    /// <summary>
    /// Ours: when the claim of an attempt that may have reached the tool was taken, while a step that resumed it is not
    /// done. The host clears its claim when an attempt fails and is retried, so a resumed attempt that failed (its
    /// lookup answered 503) would be retried without <see cref="AccessRequestStepContext.Resumed"/>; the state, which
    /// the host keeps across such a retry, remembers it instead.
    /// </summary>
    public const string ResumeKey = "resume_claimed_at";

    /// <summary>The item name of the resolution note (one per request, whether resolved or expired).</summary>
    public const string Resolution = "resolution";

    /// <summary>GitLab refuses label names longer than 255 characters.</summary>
    private const int LabelLimit = 255;

    private const string LabelPrefix = "teleport-request::";

    /// <summary>
    /// The label: the request ID with anything a label list cannot carry replaced (labels travel
    /// comma-separated). A scoped label, so a GitLab tier with scoped labels keeps one per issue.
    /// </summary>
    /// <param name="requestId">The Access Request ID.</param>
    /// <returns>The label.</returns>
    public static string Label(string requestId)
    {
        var label = new StringBuilder(LabelPrefix, LabelPrefix.Length + requestId.Length);
        foreach (var c in requestId)
        {
            label.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return label.Length <= LabelLimit ? label.ToString() : label.ToString(0, LabelLimit);
    }

    /// <summary>The review's item name.</summary>
    /// <param name="reviewIndex">The review's index in the request.</param>
    /// <returns>The item name.</returns>
    public static string Review(int reviewIndex) => FormattableString.Invariant($"review:{reviewIndex}");

    /// <summary>The note text with its hidden marker as last line.</summary>
    /// <param name="body">The note text.</param>
    /// <param name="requestId">The Access Request ID.</param>
    /// <param name="item">What the note is: <see cref="Review"/> or <see cref="Resolution"/>.</param>
    /// <returns>The marked text.</returns>
    public static string Mark(string body, string requestId, string item) => body + "\n\n" + Line(requestId, item);

    /// <summary>
    /// Whether a note carries the marker. Only as its last line: every note the adapter writes ends with its own marker,
    /// so a marker quoted in a reviewer's reason is never the end of a note.
    /// </summary>
    /// <param name="body">The note text.</param>
    /// <param name="requestId">The Access Request ID.</param>
    /// <param name="item">The item.</param>
    /// <returns>Whether it is the item's note.</returns>
    public static bool IsMarked(string? body, string requestId, string item) =>
        body?.ReplaceLineEndings("\n").TrimEnd().EndsWith("\n" + Line(requestId, item), StringComparison.Ordinal) == true;

    private static string Line(string requestId, string item) => "<!-- " + Label(requestId) + "/" + item + " -->";

    /// <summary>
    /// Whether the step must look in the tool before creating: it resumes an unconfirmed attempt, or retries a resumed
    /// attempt that failed. Remembered in the state until <see cref="Settle"/>.
    /// </summary>
    /// <param name="context">The step.</param>
    /// <returns>The resumption, or null on the common path.</returns>
    public static StepResumption? Resumption(AccessRequestStepContext context)
    {
        if (context.Resumed is { } resumed)
        {
            context.State.Set(ResumeKey, resumed.ClaimedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            return resumed;
        }

        return context.State.TryGet(ResumeKey, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var claimedAt)
            ? new StepResumption("retry", DateTimeOffset.FromUnixTimeMilliseconds(claimedAt))
            : null;
    }

    /// <summary>The step is done: later steps need not look in the tool.</summary>
    /// <param name="context">The step.</param>
    public static void Settle(AccessRequestStepContext context)
    {
        if (context.State.TryGet(ResumeKey, out _))
        {
            context.State.Remove(ResumeKey);
        }
    }
}
