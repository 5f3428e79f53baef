namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>The <c>data</c> of <c>GET /v2/schedules/{name}/on-calls?flat=true</c>: the on-call user names (e-mails).</summary>
internal sealed record OpsgenieOnCalls(IReadOnlyList<string>? OnCallRecipients);
