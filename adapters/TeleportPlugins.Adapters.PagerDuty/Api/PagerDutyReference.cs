namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>A reference to another PagerDuty object, e.g. <c>{"id":"P1","type":"service_reference"}</c>.</summary>
internal sealed record PagerDutyReference(string Id, string Type);
