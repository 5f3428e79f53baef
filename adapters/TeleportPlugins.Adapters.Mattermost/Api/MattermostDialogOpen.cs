namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The body of <c>POST /api/v4/actions/dialogs/open</c>: the trigger ID of the click that asks for it (short-lived, one
/// use), where the submission goes, and the dialog.
/// </summary>
internal sealed record MattermostDialogOpen(string TriggerId, Uri Url, MattermostDialog Dialog);
