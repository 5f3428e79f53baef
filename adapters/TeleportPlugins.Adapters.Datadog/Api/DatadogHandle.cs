namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>A notification handle of an incident, e.g. <c>@alice@example.com</c>.</summary>
internal sealed record DatadogHandle(string Handle);
