using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>Source-generated JSON for the Datadog API (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DatadogValidation))]
[JsonSerializable(typeof(DatadogErrors))]
[JsonSerializable(typeof(DatadogDocument<IReadOnlyList<DatadogResource<DatadogPermissionAttributes>>>))]
[JsonSerializable(typeof(DatadogDocument<IReadOnlyList<DatadogResource<DatadogUserAttributes>>>))]
[JsonSerializable(typeof(DatadogDocument<IReadOnlyList<DatadogResource<DatadogTeamAttributes>>>))]
[JsonSerializable(typeof(DatadogDocument<DatadogResource<DatadogIncidentAttributes>>))]
[JsonSerializable(typeof(DatadogDocument<DatadogResource<DatadogSearchAttributes>>))]
[JsonSerializable(typeof(DatadogDocument<DatadogResource<DatadogTimelineAttributes>>))]
[JsonSerializable(typeof(DatadogDocument<IReadOnlyList<DatadogResource<DatadogTimelineAttributes>>>))]
[JsonSerializable(typeof(DatadogDocument<DatadogResource<DatadogTeamAttributes>>))]
internal sealed partial class DatadogJsonContext : JsonSerializerContext;
