namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>The 202 answer of asynchronous alert calls and of a heartbeat ping.</summary>
internal sealed record OpsgenieAccepted(string? Result, string? RequestId);
