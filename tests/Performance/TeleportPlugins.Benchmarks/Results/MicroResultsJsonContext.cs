using System.Text.Json.Serialization;

namespace TeleportPlugins.Benchmarks.Results;

/// <summary>Source-generated JSON for <see cref="MicroBenchmarkReport"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(MicroBenchmarkReport))]
internal sealed partial class MicroResultsJsonContext : JsonSerializerContext;
