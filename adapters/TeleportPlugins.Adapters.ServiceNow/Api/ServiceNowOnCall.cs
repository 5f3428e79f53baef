using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>One entry of the who-is-on-call answer; only the user's sys_id matters here.</summary>
internal sealed record ServiceNowOnCall([property: JsonPropertyName("userId")] string? UserId);
