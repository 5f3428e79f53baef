using System.Text.Json;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>What a fake API answers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body text.</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Headers">Extra response headers (Retry-After, rate-limit headers, ...).</param>
public sealed record FakeResponse(int Status, string Body = "", string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>200 with a JSON body.</summary>
    /// <param name="body">Serialized as JSON (anonymous objects are fine).</param>
    /// <param name="status">The status, 200 by default.</param>
    /// <returns>The response.</returns>
    public static FakeResponse JsonBody(object body, int status = 200) => new(status, JsonSerializer.Serialize(body, Json));

    /// <summary>An error with headers, e.g. 429 with Retry-After.</summary>
    /// <param name="status">The status.</param>
    /// <param name="body">The body.</param>
    /// <param name="headers">Header name/value pairs.</param>
    /// <returns>The response.</returns>
    public static FakeResponse Error(int status, string body = "", params (string Name, string Value)[] headers) =>
        new(status, body, "application/json", headers.ToDictionary(h => h.Name, h => h.Value));
}
