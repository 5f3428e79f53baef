namespace TeleportPlugins.Contracts;

/// <summary>One review of an Access Request.</summary>
/// <param name="Author">The reviewer's Teleport user name.</param>
/// <param name="ProposedState">What the reviewer proposed: <see cref="AccessRequestState.Approved"/> or <see cref="AccessRequestState.Denied"/>.</param>
/// <param name="Reason">The reviewer's reason; may be empty.</param>
/// <param name="Created">When the review was made.</param>
public sealed record AccessReview(string Author, AccessRequestState ProposedState, string Reason, DateTimeOffset Created);
