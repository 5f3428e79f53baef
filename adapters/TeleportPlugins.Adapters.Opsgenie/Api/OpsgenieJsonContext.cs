using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>Source-generated JSON for the Opsgenie API (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpsgenieNewAlert))]
[JsonSerializable(typeof(OpsgenieAlertNote))]
[JsonSerializable(typeof(OpsgenieAccepted))]
[JsonSerializable(typeof(OpsgenieData<OpsgenieRequestStatus>))]
[JsonSerializable(typeof(OpsgenieData<OpsgenieOnCalls>))]
[JsonSerializable(typeof(OpsgenieData<OpsgenieAlert>))]
[JsonSerializable(typeof(OpsgenieNotesPage))]
[JsonSerializable(typeof(OpsgenieError))]
internal sealed partial class OpsgenieJsonContext : JsonSerializerContext;
