using System.Text.Json;

namespace TeleportPlugins.Load.Fakes;

/// <summary>
/// Reads the few fields a lean fake checks from a JSON request body, without binding types: a fake only needs to know
/// that the body parses and that its required fields are there.
/// </summary>
internal static class JsonFields
{
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

    /// <summary>A string property of an object, or null when absent or not a string.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The string or null.</returns>
    public static string? Text(JsonElement element, string name) =>
        Field(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
