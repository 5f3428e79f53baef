namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>Opsgenie's error body: <c>{"message", "took", "requestId"}</c>.</summary>
internal sealed record OpsgenieError(string? Message, string? RequestId);
