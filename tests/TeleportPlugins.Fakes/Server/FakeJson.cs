using System.Text.Json;

namespace TeleportPlugins.Fakes;

/// <summary>Reads JSON request bodies for the fakes: parsed once, read in place; a fake answers a malformed body the way its API does.</summary>
public static class FakeJson
{
    /// <summary>Hands a JSON body to <paramref name="handle"/>, or answers <paramref name="invalid"/> when it is not JSON.</summary>
    /// <param name="request">The call; its Content-Type must be <c>application/json</c>.</param>
    /// <param name="invalid">The tool's answer to a body it cannot read.</param>
    /// <param name="handle">Answers from the parsed body (any JSON value: objects and arrays alike).</param>
    /// <returns>The answer.</returns>
    public static FakeResponse Read(FakeRequest request, Func<FakeResponse> invalid, Func<JsonElement, FakeResponse> handle)
    {
        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return invalid();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body);
        }
        catch (JsonException)
        {
            return invalid();
        }

        using (document)
        {
            return handle(document.RootElement);
        }
    }

    /// <summary>Parses a body that must be a JSON object, into an element that outlives the parse.</summary>
    /// <param name="body">The body text.</param>
    /// <param name="root">The object, when it is one.</param>
    /// <returns>Whether the body is a JSON object.</returns>
    public static bool TryParseObject(string body, out JsonElement root)
    {
        using var document = ParseObject(body);
        root = document?.RootElement.Clone() ?? default;
        return document is not null;
    }

    /// <summary>Parses a body that must be a JSON object.</summary>
    /// <param name="body">The body text.</param>
    /// <returns>The document (dispose it), or null when the body is not a JSON object.</returns>
    public static JsonDocument? ParseObject(string body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A property of an object, or an undefined element when absent or when <paramref name="element"/> is no object.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <c>default</c> (<see cref="JsonValueKind.Undefined"/>).</returns>
    public static JsonElement Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A string property of an object, or null when absent, not a string, or <paramref name="element"/> is no object.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The string or null.</returns>
    public static string? Text(JsonElement element, string name) =>
        Field(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
