using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>Source-generated JSON for Slack's snake_case bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackAuthTestResponse))]
[JsonSerializable(typeof(SlackPostMessageRequest))]
[JsonSerializable(typeof(SlackUpdateMessageRequest))]
[JsonSerializable(typeof(SlackMessageResponse))]
[JsonSerializable(typeof(SlackLookupUserResponse))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
