using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator.Testing;

/// <summary>A review as Teleport recorded it: its audit event joined with the review on the request.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Author">The review's author (the audit event's <c>reviewer</c>).</param>
/// <param name="SubmittedBy">Who submitted it on the author's behalf (the audit event's <c>submitted_by</c>).</param>
/// <param name="ProposedState">Approved or denied.</param>
/// <param name="Reason">The reviewer's reason.</param>
public sealed record RecordedReview(string RequestId, string Author, string SubmittedBy, AccessRequestState ProposedState, string Reason);
