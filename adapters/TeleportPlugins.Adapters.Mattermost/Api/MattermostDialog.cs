namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// An interactive dialog. Its <c>state</c> comes back with the submission; Mattermost's clients see it, so it carries a
/// token bound to the request and the user (<see cref="MattermostButtons"/>), never the buttons' token.
/// </summary>
internal sealed record MattermostDialog(string CallbackId, string Title, string IntroductionText, IReadOnlyList<MattermostDialogElement> Elements, string SubmitLabel, string State);
