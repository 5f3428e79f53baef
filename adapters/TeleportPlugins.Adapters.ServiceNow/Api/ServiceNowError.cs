namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>The <c>error</c> object of ServiceNow's error envelope.</summary>
internal sealed record ServiceNowError(string? Message, string? Detail);
