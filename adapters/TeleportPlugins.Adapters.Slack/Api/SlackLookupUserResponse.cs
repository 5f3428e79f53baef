namespace TeleportPlugins.Adapters.Slack;

/// <summary>The answer of <c>users.lookupByEmail</c> and <c>users.info</c>.</summary>
internal sealed record SlackLookupUserResponse(bool Ok, string? Error, SlackUser? User) : ISlackResponse;
