namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of a call whose result the adapter only checks (<c>chat.postEphemeral</c>, <c>views.open</c>).</summary>
internal sealed record SlackOkResponse(bool Ok, string? Error) : ISlackResponse;
