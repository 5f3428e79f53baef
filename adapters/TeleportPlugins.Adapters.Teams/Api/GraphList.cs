namespace TeleportPlugins.Adapters.Teams;

/// <summary>A Graph collection: its items in <c>value</c>.</summary>
/// <typeparam name="T">The item.</typeparam>
internal sealed record GraphList<T>(IReadOnlyList<T>? Value);
