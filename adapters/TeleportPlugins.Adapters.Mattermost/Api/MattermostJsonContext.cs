using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>Source-generated JSON for Mattermost's snake_case bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MattermostUser))]
[JsonSerializable(typeof(MattermostChannel))]
[JsonSerializable(typeof(MattermostPost))]
[JsonSerializable(typeof(MattermostPostPatch))]
[JsonSerializable(typeof(MattermostPostList))]
[JsonSerializable(typeof(MattermostError))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(MattermostActionRequest))]
[JsonSerializable(typeof(MattermostActionResponse))]
[JsonSerializable(typeof(MattermostDialogOpen))]
[JsonSerializable(typeof(MattermostDialogResponse))]
[JsonSerializable(typeof(MattermostStatus))]
internal sealed partial class MattermostJsonContext : JsonSerializerContext;
