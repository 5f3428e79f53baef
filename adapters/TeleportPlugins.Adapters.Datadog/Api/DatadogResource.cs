namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>A JSON:API resource: its ID, type and attributes.</summary>
/// <typeparam name="T">The attributes.</typeparam>
internal sealed record DatadogResource<T>(string? Id, string? Type, T? Attributes);
