namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The answer of <c>conversations.history</c> and <c>conversations.replies</c>; <c>needed</c> names the scope a
/// <c>missing_scope</c> error lacks.
/// </summary>
internal sealed record SlackHistoryResponse(bool Ok, string? Error, string? Needed, IReadOnlyList<SlackHistoryMessage>? Messages, SlackResponseMetadata? ResponseMetadata) : ISlackResponse;
