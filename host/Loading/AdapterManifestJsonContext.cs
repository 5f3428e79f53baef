using System.Text.Json.Serialization;

namespace TeleportPlugins.Host.Loading;

/// <summary>Source-generated JSON for <see cref="AdapterManifest"/>.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AdapterManifest))]
internal sealed partial class AdapterManifestJsonContext : JsonSerializerContext;
