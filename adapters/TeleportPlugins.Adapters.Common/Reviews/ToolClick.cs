using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Reviews;

/// <summary>A verified Approve or Deny click in a tool.</summary>
/// <param name="RequestId">The request the button belongs to.</param>
/// <param name="ProposedState"><see cref="AccessRequestState.Approved"/> or <see cref="AccessRequestState.Denied"/>.</param>
/// <param name="ToolUserId">The tool's ID of the user who clicked, taken from the verified callback only.</param>
/// <param name="ToolUserEmail">The user's e-mail address as the tool reports it, or null.</param>
/// <param name="Reason">The reason the user typed, or empty.</param>
public sealed record ToolClick(string RequestId, AccessRequestState ProposedState, string ToolUserId, string? ToolUserEmail, string Reason);
