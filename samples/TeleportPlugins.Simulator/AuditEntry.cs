using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator;

/// <summary>
/// One audit event, like Teleport's access_request.* events: who did what to which request (<see cref="Actor"/> is the
/// caller), for state changes the delegator a plugin named (RequestStateSetter.Delegator), for reviews the author and
/// who submitted it.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Event,
    string RequestId,
    string Actor,
    AccessRequestState? State,
    string Delegator,
    string Reason)
{
    /// <summary>For access_request.review: the review's author, as Teleport's event field <c>reviewer</c>.</summary>
    public string Reviewer { get; init; } = "";

    /// <summary>
    /// For a review submitted on the author's behalf (approve-from-tool): the identity that submitted it, as Teleport's
    /// event field <c>submitted_by</c>; empty when the author submitted it.
    /// </summary>
    public string SubmittedBy { get; init; } = "";
}
