namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>
/// One page of a classic offset-paginated list. PagerDuty names the array after the resource, so all the list
/// answers the adapter reads share this type, each filling one array.
/// </summary>
internal sealed record PagerDutyPage(
    IReadOnlyList<PagerDutyService>? Services,
    IReadOnlyList<PagerDutyUser>? Users,
    IReadOnlyList<PagerDutyOnCall>? Oncalls,
    IReadOnlyList<PagerDutyIncident>? Incidents,
    int Limit,
    int Offset,
    bool More);
