using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// Reads and writes the <c>messages</c> plugin-data key exactly as Teleport's Slack, Mattermost and Discord plugins
/// do (<c>channelID/messageID,channelID/messageID</c>), so requests announced by those plugins keep being updated.
/// </summary>
public static class SentMessages
{
    /// <summary>The plugin-data key.</summary>
    public const string StateKey = "messages";

    /// <summary>
    /// The plugin-data key of the escalation posts, in the same form: this product's own (Teleport's plugins do not
    /// escalate), kept apart from <see cref="StateKey"/> so that reviews and reminders are not replied to in them.
    /// </summary>
    public const string EscalationsKey = "escalations";

    // Written by plugin versions before the list existed; still decoded so old requests are updated.
    private const string LegacyChannelKey = "channel_id";
    private const string LegacyTimestampKey = "timestamp";

    /// <summary>The messages recorded in <paramref name="state"/>, oldest first.</summary>
    /// <param name="state">The request's state.</param>
    /// <returns>The messages; empty when none were posted.</returns>
    public static IReadOnlyList<SentMessage> Read(AdapterRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = Parse(state, StateKey);
        if (result.Count == 0 && state.TryGet(LegacyChannelKey, out var channel) && state.TryGet(LegacyTimestampKey, out var timestamp))
        {
            result.Add(new SentMessage(channel, timestamp));
        }

        return result;
    }

    /// <summary>The escalation posts recorded in <paramref name="state"/>, oldest first.</summary>
    /// <param name="state">The request's state.</param>
    /// <returns>The posts; empty when the request was never escalated.</returns>
    public static IReadOnlyList<SentMessage> ReadEscalations(AdapterRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Parse(state, EscalationsKey);
    }

    /// <summary>Appends the escalation post <paramref name="message"/> to the list in <paramref name="state"/>.</summary>
    /// <param name="state">The request's state.</param>
    /// <param name="message">The post just made.</param>
    public static void AppendEscalation(AdapterRequestState state, SentMessage message)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        state.Set(EscalationsKey, string.Join(',', ReadEscalations(state).Append(message)));
    }

    private static List<SentMessage> Parse(AdapterRequestState state, string key)
    {
        var result = new List<SentMessage>();
        foreach (var item in (state.Get(key) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && slash < item.Length - 1)
            {
                result.Add(new SentMessage(item[..slash], item[(slash + 1)..]));
            }
        }

        return result;
    }

    /// <summary>Appends <paramref name="message"/> to the list in <paramref name="state"/>.</summary>
    /// <param name="state">The request's state.</param>
    /// <param name="message">The message just posted.</param>
    public static void Append(AdapterRequestState state, SentMessage message)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        state.Set(StateKey, string.Join(',', Read(state).Append(message)));
    }
}
