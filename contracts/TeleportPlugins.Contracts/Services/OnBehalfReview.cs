namespace TeleportPlugins.Contracts;

/// <summary>A review to submit on behalf of a Teleport user (contract 1.4).</summary>
/// <param name="RequestId">The request.</param>
/// <param name="TeleportUser">The review's author, from <see cref="IOnBehalfReviewService.FindReviewerAsync"/>.</param>
/// <param name="ProposedState"><see cref="AccessRequestState.Approved"/> or <see cref="AccessRequestState.Denied"/>.</param>
/// <param name="Reason">The reviewer's reason, or empty.</param>
/// <param name="Tool">The tool the click came from, e.g. "Slack", for the audit trail.</param>
/// <param name="ToolUserId">The tool's ID of the user who clicked, for the audit trail.</param>
public sealed record OnBehalfReview(string RequestId, string TeleportUser, AccessRequestState ProposedState, string Reason, string Tool, string ToolUserId);
