namespace TeleportPlugins.Contracts;

/// <summary>A tool's user to bind to a Teleport user (contract 1.4).</summary>
/// <param name="Trait">The Teleport user trait holding the tool's user ID, e.g. <c>slack_uid</c>.</param>
/// <param name="ToolUserId">The tool's ID of the user who clicked, from the verified callback.</param>
/// <param name="ToolUserEmail">The user's e-mail address as the tool reports it, or null.</param>
/// <param name="AllowEmailUsernameMatch">Whether a Teleport user named exactly <paramref name="ToolUserEmail"/> may be used
/// when no trait matches. Only safe when the tool's e-mail addresses are verified and cannot be changed by their users.</param>
public sealed record ReviewerBinding(string Trait, string ToolUserId, string? ToolUserEmail, bool AllowEmailUsernameMatch);
