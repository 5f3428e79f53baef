using System.Text.Json;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>Lenient readers of request bodies for fakes: a fake answers a malformed body the way its API does.</summary>
public static class JsonBodies
{
    /// <summary>Parses a body that must be a JSON object.</summary>
    /// <param name="body">The body text.</param>
    /// <param name="root">The object, when it is one.</param>
    /// <returns>Whether the body is a JSON object.</returns>
    public static bool TryParseObject(string body, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    /// <summary>A string property of an object, or null when absent or not a string.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The string or null.</returns>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
