namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>Datadog's error body: <c>{"errors": ["..."]}</c>.</summary>
internal sealed record DatadogErrors(IReadOnlyList<string>? Errors);
