using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Reviews;

/// <summary>What to show the user who clicked.</summary>
/// <param name="Applied">Whether Teleport recorded the review now.</param>
/// <param name="Text">One plain sentence (not escaped for any markup): the outcome, or why nothing happened.</param>
/// <param name="TeleportUser">The Teleport user the click was bound to, or null when there was none.</param>
/// <param name="Outcome">Teleport's answer, or null when nothing was submitted (no bound user).</param>
public sealed record ToolReviewReply(bool Applied, string Text, string? TeleportUser, OnBehalfReviewOutcome? Outcome);
