namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>
/// The body of POST table/incident. Reference fields (<c>caller_id</c>, <c>assigned_to</c>, <c>assignment_group</c>)
/// take a sys_id or a display value; ServiceNow leaves them empty when nothing matches. <c>correlation_id</c> marks the
/// incident as this request's, so a lost answer or a second replica finds it instead of opening another.
/// </summary>
internal sealed record ServiceNowNewIncident(
    string ShortDescription,
    string Description,
    string CallerId,
    string? AssignedTo,
    string? AssignmentGroup,
    string CorrelationId,
    string CorrelationDisplay);
