namespace TeleportPlugins.Contracts;

/// <summary>
/// Optional ability: an adapter that can tell whether the requester is on call (PagerDuty, Opsgenie, ServiceNow, ...).
/// After a request is announced, the host asks it, and when the answer carries evidence the host submits an
/// approving review once, with a reason naming the adapter and the evidence. The host only asks when auto-approval
/// is enabled for the adapter.
/// </summary>
public interface IOnCallApprover
{
    /// <summary>Decides whether the request's user is on call for what the request names.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The decision.</returns>
    Task<OnCallDecision> EvaluateAsync(AccessRequestSnapshot request, CancellationToken cancellationToken);
}
