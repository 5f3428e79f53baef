using System.Text.Json;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes;

/// <summary>A fake's answer, and what the call did in the tool (recorded when the status is 2xx).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body ("" for none).</param>
/// <param name="Kind">What the call did.</param>
/// <param name="ContentType">The body's content type.</param>
/// <param name="Headers">Extra headers.</param>
public sealed record LeanResponse(int Status, string Body, CallKind Kind, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>
    /// Whether the answer refuses the call although its status is 2xx, as Slack answers HTTP 200 with
    /// <c>{"ok": false}</c>: counted as refused, never as accepted.
    /// </summary>
    public bool Refusal { get; init; }

    /// <summary>Answers <paramref name="status"/> with <paramref name="value"/> as JSON.</summary>
    /// <param name="kind">What the call did.</param>
    /// <param name="value">An object to serialize.</param>
    /// <param name="status">The status (200 unless told).</param>
    /// <returns>The response.</returns>
    public static LeanResponse Json(CallKind kind, object value, int status = 200) => new(status, JsonSerializer.Serialize(value), kind);

    /// <summary>An error the adapter must treat as permanent (the fake refused what the real API would refuse).</summary>
    /// <param name="status">A 4xx status.</param>
    /// <param name="message">Why.</param>
    /// <returns>The response.</returns>
    public static LeanResponse Refused(int status, string message) => new(status, JsonSerializer.Serialize(new { error = message }), CallKind.Read);
}
