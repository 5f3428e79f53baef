namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>ServiceNow's error envelope: <c>{"error":{"message":…,"detail":…},"status":"failure"}</c>.</summary>
internal sealed record ServiceNowErrorBody(ServiceNowError? Error, string? Status);
