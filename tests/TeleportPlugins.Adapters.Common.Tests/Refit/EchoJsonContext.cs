using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Common.Tests.Refit;

/// <summary>snake_case, like most tools' APIs: shows the context's own naming policy reaches the wire.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EchoNote))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
