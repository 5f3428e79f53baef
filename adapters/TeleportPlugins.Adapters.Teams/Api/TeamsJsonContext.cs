using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>Source-generated JSON for Graph's and the Connector's camelCase bodies (the token endpoint's fields are named).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TeamsToken))]
[JsonSerializable(typeof(TeamsTokenError))]
[JsonSerializable(typeof(GraphList<GraphTeamsApp>))]
[JsonSerializable(typeof(GraphList<GraphUser>))]
[JsonSerializable(typeof(GraphList<GraphInstallation>))]
[JsonSerializable(typeof(GraphList<GraphChatMessage>))]
[JsonSerializable(typeof(AdaptiveCard))]
[JsonSerializable(typeof(GraphUser))]
[JsonSerializable(typeof(GraphChat))]
[JsonSerializable(typeof(GraphInstallRequest))]
[JsonSerializable(typeof(GraphError))]
[JsonSerializable(typeof(BotActivity))]
[JsonSerializable(typeof(BotResourceResponse))]
[JsonSerializable(typeof(IDictionary<string, string>))]
[JsonSerializable(typeof(TeamsInboundActivity))]
[JsonSerializable(typeof(TeamsInvokeResponse))]
[JsonSerializable(typeof(BotOpenIdMetadata))]
internal sealed partial class TeamsJsonContext : JsonSerializerContext;
