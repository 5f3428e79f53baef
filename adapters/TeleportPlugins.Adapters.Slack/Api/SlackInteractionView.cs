namespace TeleportPlugins.Adapters.Slack;

/// <summary>The submitted modal: its <c>callback_id</c>, the metadata it was opened with, and its inputs' values.</summary>
internal sealed record SlackInteractionView(string? CallbackId, string? PrivateMetadata, SlackViewState? State);
