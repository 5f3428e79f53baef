namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>Where a button's click goes and what it carries; Mattermost keeps the integration from clients.</summary>
internal sealed record MattermostIntegration(Uri Url, MattermostActionContext Context);
