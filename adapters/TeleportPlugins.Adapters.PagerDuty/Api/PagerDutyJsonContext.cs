using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>Source-generated JSON for the PagerDuty REST API (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PagerDutyIncidentRequest<PagerDutyNewIncident>))]
[JsonSerializable(typeof(PagerDutyIncidentRequest<PagerDutyIncidentStatusUpdate>))]
[JsonSerializable(typeof(PagerDutyIncidentResponse))]
[JsonSerializable(typeof(PagerDutyNoteEnvelope))]
[JsonSerializable(typeof(PagerDutyPage))]
[JsonSerializable(typeof(PagerDutyNoteList))]
[JsonSerializable(typeof(PagerDutyErrorEnvelope))]
[JsonSerializable(typeof(PagerDutyWebhook))]
[JsonSerializable(typeof(PagerDutyUserResponse))]
internal sealed partial class PagerDutyJsonContext : JsonSerializerContext;
