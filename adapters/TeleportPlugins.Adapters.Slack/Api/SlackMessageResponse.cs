namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of <c>chat.postMessage</c> and <c>chat.update</c>.</summary>
internal sealed record SlackMessageResponse(bool Ok, string? Error, string? Channel, string? Ts) : ISlackResponse;
