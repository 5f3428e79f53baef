namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The answer to a dialog submission: empty closes the dialog; <c>error</c> keeps it open showing the text.</summary>
internal sealed record MattermostDialogResponse(string? Error = null);
