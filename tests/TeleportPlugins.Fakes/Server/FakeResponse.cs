using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Fakes;

/// <summary>What a fake answers, and what the call did in the tool (counted when the status is 2xx).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body text ("" for none).</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Headers">Extra response headers (Retry-After, rate-limit headers, ...).</param>
public sealed record FakeResponse(int Status, string Body = "", string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What the call did in the tool; <see cref="CallKind.Read"/> unless told.</summary>
    public CallKind Kind { get; init; } = CallKind.Read;

    /// <summary>
    /// Whether the answer refuses the call although its status is 2xx, as Slack answers HTTP 200 with
    /// <c>{"ok": false}</c>: counted as refused, never as accepted.
    /// </summary>
    public bool Refusal { get; init; }

    /// <summary>A JSON answer.</summary>
    /// <param name="body">Serialized as JSON (anonymous objects are fine; names are kept as written).</param>
    /// <param name="status">The status, 200 by default.</param>
    /// <returns>The response.</returns>
    public static FakeResponse JsonBody(object body, int status = 200) => new(status, JsonSerializer.Serialize(body, Json));

    /// <summary>A JSON answer to a call that changed the tool as <paramref name="kind"/> says.</summary>
    /// <param name="kind">What the call did.</param>
    /// <param name="body">Serialized as JSON.</param>
    /// <param name="status">The status, 200 by default.</param>
    /// <returns>The response.</returns>
    public static FakeResponse JsonBody(CallKind kind, object body, int status = 200) => JsonBody(body, status) with { Kind = kind };

    /// <summary>An error with headers, e.g. 429 with Retry-After.</summary>
    /// <param name="status">The status.</param>
    /// <param name="body">The body.</param>
    /// <param name="headers">Header name/value pairs.</param>
    /// <returns>The response.</returns>
    public static FakeResponse Error(int status, string body = "", params (string Name, string Value)[] headers) =>
        new(status, body, "application/json", headers.ToDictionary(h => h.Name, h => h.Value));

    /// <summary>HTTP 429 with <c>Retry-After</c> in whole seconds (rounded up) and the tool's body.</summary>
    /// <param name="retryAfter">When to try again.</param>
    /// <param name="body">The tool's rate-limit body.</param>
    /// <param name="headers">Further headers the tool sends with it.</param>
    /// <returns>The response.</returns>
    public static FakeResponse TooManyRequests(TimeSpan retryAfter, string body, params (string Name, string Value)[] headers) =>
        Error(429, body, [("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)), .. headers]);

    /// <summary>The plain-text 5xx a load balancer in front of the tool answers.</summary>
    /// <param name="status">A 5xx status.</param>
    /// <returns>The response.</returns>
    public static FakeResponse Unavailable(int status = 503) => new(status, "upstream unavailable", "text/plain");
}
