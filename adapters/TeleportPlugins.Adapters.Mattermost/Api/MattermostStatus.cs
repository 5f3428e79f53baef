namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>Mattermost's <c>StatusOK</c> answer, <c>{"status": "OK"}</c>.</summary>
internal sealed record MattermostStatus(string? Status);
