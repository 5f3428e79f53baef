namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The attributes of a <c>users</c> resource the adapter reads.</summary>
internal sealed record DatadogUserAttributes(string? Email, string? Handle, string? Name, bool? Disabled);
