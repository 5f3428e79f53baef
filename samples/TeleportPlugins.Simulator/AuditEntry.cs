using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator;

/// <summary>
/// One audit event, like Teleport's access_request.* events: who did what to which request, and for state changes
/// the delegator a plugin named (RequestStateSetter.Delegator).
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Event,
    string RequestId,
    string Actor,
    AccessRequestState? State,
    string Delegator,
    string Reason);
