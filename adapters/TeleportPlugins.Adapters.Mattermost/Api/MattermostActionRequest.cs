using System.Text.Json;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// What the Mattermost server POSTs to an integration URL: a button click (<c>PostActionIntegrationRequest</c>: who
/// clicked, on which post, a trigger ID, and the button's context) or, with <c>type</c> <c>dialog_submission</c>, a
/// dialog's submission (<c>state</c>, the values by element name, <c>cancelled</c>). The server sets <c>user_id</c> from
/// the session. Nothing is signed: only the context's or the state's token authenticates it.
/// </summary>
internal sealed record MattermostActionRequest(
    string? UserId,
    string? UserName,
    string? ChannelId,
    string? PostId,
    string? TriggerId,
    string? Type,
    MattermostActionContext? Context,
    string? CallbackId = null,
    string? State = null,
    IReadOnlyDictionary<string, JsonElement>? Submission = null,
    bool Cancelled = false);
