namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The answer of <c>GET /api/v1/validate</c>.</summary>
internal sealed record DatadogValidation(bool Valid);
