using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>Source-generated JSON for Discord's snake_case bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscordUser))]
[JsonSerializable(typeof(DiscordMessageRequest))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(DiscordMessage[]))]
[JsonSerializable(typeof(DiscordError))]
[JsonSerializable(typeof(DiscordInteraction))]
[JsonSerializable(typeof(DiscordInteractionResponse))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
