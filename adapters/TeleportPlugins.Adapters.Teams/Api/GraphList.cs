using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>A Graph collection: its items in <c>value</c>, and the next page's address when there is one.</summary>
/// <typeparam name="T">The item.</typeparam>
internal sealed record GraphList<T>(IReadOnlyList<T>? Value, [property: JsonPropertyName("@odata.nextLink")] Uri? NextLink = null);
