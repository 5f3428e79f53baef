using System.Globalization;
using System.Text;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// The deterministic marks an adapter puts on everything a step creates (an issue's label, a note's or comment's last
/// line), on every attempt, so that a step resuming after a crash (contract 1.2) finds what the lost attempt created in
/// the tool instead of creating it again.
/// </summary>
public static class ResumeMarkers
{
    /// <summary>How far the host's clock may be ahead of the tool's when a lost attempt's work is searched for by time.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The item name of a request's resolution note or comment (one per request, resolved or expired).</summary>
    public const string Resolution = "resolution";

    /// <summary>The oldest a lost attempt's work can look to the tool: its claim, less <see cref="ClockSkew"/>.</summary>
    /// <param name="resumed">What the host said about the lost attempt.</param>
    /// <returns>The time to search from.</returns>
    public static DateTimeOffset SearchFrom(StepResumption resumed)
    {
        ArgumentNullException.ThrowIfNull(resumed);
        return resumed.ClaimedAt - ClockSkew;
    }

    /// <summary>The item name of a review's note or comment.</summary>
    /// <param name="reviewIndex">The review's index in the request.</param>
    /// <returns><c>review:N</c>.</returns>
    public static string Review(int reviewIndex) => string.Create(CultureInfo.InvariantCulture, $"review:{reviewIndex}");

    /// <summary>
    /// The last line the incident adapters (PagerDuty, Opsgenie, ServiceNow) end a note with: the request's
    /// de-duplication key and the item, in brackets, so that review 1 never matches review 10.
    /// </summary>
    /// <param name="requestId">The request ID.</param>
    /// <param name="item">The item: <see cref="Review"/> or <see cref="Resolution"/>.</param>
    /// <returns><c>[teleport-access-request/&lt;id&gt; item]</c>.</returns>
    public static string NoteLine(string requestId, string item) => $"[{AccessRequestNotes.IdempotencyKey(requestId)} {item}]";

    /// <summary>A label naming the request: <paramref name="prefix"/> and the ID, with anything a label cannot hold replaced.</summary>
    /// <param name="prefix">The tool's prefix, e.g. <c>teleport-request-</c>.</param>
    /// <param name="requestId">The request ID.</param>
    /// <param name="limit">The tool's longest label.</param>
    /// <returns>The label, cut at <paramref name="limit"/>.</returns>
    public static string Label(string prefix, string requestId, int limit)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(requestId);
        var label = new StringBuilder(prefix, prefix.Length + requestId.Length);
        foreach (var c in requestId)
        {
            label.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return label.Length <= limit ? label.ToString() : label.ToString(0, limit);
    }

    /// <summary>The text with <paramref name="line"/> as its last line.</summary>
    /// <param name="body">The text.</param>
    /// <param name="line">The marker line.</param>
    /// <returns>The marked text.</returns>
    public static string Mark(string body, string line) => body + "\n\n" + line;

    /// <summary>
    /// Whether <paramref name="body"/> ends with <paramref name="line"/>. Only the last line counts: every text the
    /// adapter writes ends with its own marker, so a marker quoted in a reviewer's reason is never the end of one.
    /// </summary>
    /// <param name="body">The text as the tool returns it.</param>
    /// <param name="line">The marker line.</param>
    /// <returns>Whether it is the marked item.</returns>
    public static bool EndsWith(string? body, string line) =>
        body?.ReplaceLineEndings("\n").TrimEnd().EndsWith("\n" + line, StringComparison.Ordinal) == true;
}
