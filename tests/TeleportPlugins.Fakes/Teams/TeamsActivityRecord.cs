namespace TeleportPlugins.Fakes.Teams;

/// <summary>An activity the fake Connector holds.</summary>
/// <param name="Id">Its activity ID.</param>
/// <param name="ConversationId">The conversation (1:1 chat or channel) it was sent to.</param>
/// <param name="ReplyTo">The activity it replies to (Reply to Activity), else null.</param>
/// <param name="IsCard">Whether it is an Adaptive Card (else Markdown text).</param>
/// <param name="Content">The card's text blocks, one per line, or the text (empty in counted mode).</param>
/// <param name="OpenUrl">The card's Action.OpenUrl target, or null.</param>
/// <param name="Updates">How many times it was updated in place.</param>
/// <param name="LastModified">When it was sent or last updated, on the fake's clock.</param>
/// <param name="Buttons">The titles of the card's Action.Execute buttons (Approve, Deny), in order; empty when none.</param>
public sealed record TeamsActivityRecord(string Id, string ConversationId, string? ReplyTo, bool IsCard, string Content, Uri? OpenUrl, int Updates, DateTimeOffset LastModified, IReadOnlyList<string> Buttons);
