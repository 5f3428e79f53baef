namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>An input of a dialog; the submission names its value by <c>name</c>.</summary>
internal sealed record MattermostDialogElement(string DisplayName, string Name, string Type, bool Optional, int MaxLength, string? Placeholder = null);
