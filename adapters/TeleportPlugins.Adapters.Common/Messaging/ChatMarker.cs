namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// Names one object a chat step creates, the same on every attempt: a request message per target, a review's reply in
/// a message's thread, the requester's message. Each tool carries it with the object (Slack message metadata,
/// Mattermost post props, a Discord nonce and embed footer), so that a step resumed after a crash finds what an
/// earlier, unconfirmed attempt created instead of creating it again.
/// </summary>
/// <param name="RequestId">The Access Request's ID.</param>
/// <param name="Item">The item within the request: <c>created:</c> + target, <c>review:N</c>, <c>reminder:N</c>, <c>escalation:N:</c> + target, <c>requester</c>.</param>
public sealed record ChatMarker(string RequestId, string Item)
{
    /// <summary>The item prefix of a request message; the target follows it.</summary>
    public const string CreatedPrefix = "created:";

    /// <summary>The request message for <paramref name="target"/>.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="target">The target as <see cref="IChatPlatform.ResolveRecipientAsync"/> returned it.</param>
    /// <returns>The marker.</returns>
    public static ChatMarker Root(string requestId, string target) => new(requestId, CreatedPrefix + target);

    /// <summary>The reply for the review at <paramref name="index"/> (one per request message).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="index">The review's index.</param>
    /// <returns>The marker.</returns>
    public static ChatMarker Review(string requestId, int index) => new(requestId, FormattableString.Invariant($"review:{index}"));

    /// <summary>Reminder <paramref name="number"/>'s reply (one per request message).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="number">The reminder's number.</param>
    /// <returns>The marker.</returns>
    public static ChatMarker Reminder(string requestId, int number) => new(requestId, FormattableString.Invariant($"reminder:{number}"));

    /// <summary>
    /// Reminder <paramref name="number"/>'s escalation post to <paramref name="target"/>. The target is part of the item
    /// because a tool may keep markers across channels (Discord's nonces), and each escalation recipient gets its own post.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="number">The escalating reminder's number.</param>
    /// <param name="target">The target as <see cref="IChatPlatform.ResolveRecipientAsync"/> returned it.</param>
    /// <returns>The marker.</returns>
    public static ChatMarker Escalation(string requestId, int number, string target) => new(requestId, FormattableString.Invariant($"escalation:{number}:{target}"));

    /// <summary>The message telling the requester the outcome.</summary>
    /// <param name="requestId">The request.</param>
    /// <returns>The marker.</returns>
    public static ChatMarker Requester(string requestId) => new(requestId, "requester");

    /// <summary>Whether this marks a request message (not a reply or the requester's message).</summary>
    public bool IsRoot => Item.StartsWith(CreatedPrefix, StringComparison.Ordinal);

    /// <summary>Request and item in one string, <c>requestId/item</c>.</summary>
    /// <returns>The string.</returns>
    public override string ToString() => $"{RequestId}/{Item}";
}
