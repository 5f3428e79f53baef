namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// A button in an attachment: a click makes the Mattermost server POST the integration's context to its URL
/// (<see cref="MattermostActionRequest"/>). Mattermost wants IDs without dashes or underscores.
/// </summary>
internal sealed record MattermostAction(string Id, string Name, string Style, MattermostIntegration Integration, string Type = "button");
