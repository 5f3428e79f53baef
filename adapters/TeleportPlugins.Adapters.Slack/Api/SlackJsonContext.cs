using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>Source-generated JSON for Slack's snake_case bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackAuthTestResponse))]
[JsonSerializable(typeof(SlackPostMessageRequest))]
[JsonSerializable(typeof(SlackUpdateMessageRequest))]
[JsonSerializable(typeof(SlackMessageResponse))]
[JsonSerializable(typeof(SlackLookupUserResponse))]
[JsonSerializable(typeof(SlackHistoryResponse))]
[JsonSerializable(typeof(SlackOpenRequest))]
[JsonSerializable(typeof(SlackOpenResponse))]
[JsonSerializable(typeof(SlackListResponse))]
[JsonSerializable(typeof(SlackOkResponse))]
[JsonSerializable(typeof(SlackPostEphemeralRequest))]
[JsonSerializable(typeof(SlackOpenViewRequest))]
[JsonSerializable(typeof(SlackDenyMetadata))]
[JsonSerializable(typeof(SlackInteraction))]
[JsonSerializable(typeof(SlackSocketMessage))]
[JsonSerializable(typeof(SlackSocketAck))]
[JsonSerializable(typeof(SlackConnectionsOpenResponse))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
