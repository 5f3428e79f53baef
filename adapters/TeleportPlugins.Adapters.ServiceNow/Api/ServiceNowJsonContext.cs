using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>Source-generated JSON for the ServiceNow Table API (snake_case field names, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceNowResult<ServiceNowIncident>))]
[JsonSerializable(typeof(ServiceNowResult<List<ServiceNowIncident>>))]
[JsonSerializable(typeof(ServiceNowResult<List<ServiceNowOnCall>>))]
[JsonSerializable(typeof(ServiceNowResult<List<ServiceNowJournalEntry>>))]
[JsonSerializable(typeof(ServiceNowResult<ServiceNowUser>))]
[JsonSerializable(typeof(ServiceNowResult<ServiceNowRota>))]
[JsonSerializable(typeof(ServiceNowNewIncident))]
[JsonSerializable(typeof(ServiceNowIncidentUpdate))]
[JsonSerializable(typeof(ServiceNowErrorBody))]
internal sealed partial class ServiceNowJsonContext : JsonSerializerContext;
