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

    // Written by plugin versions before the list existed; still decoded so old requests are updated.
    private const string LegacyChannelKey = "channel_id";
    private const string LegacyTimestampKey = "timestamp";

    /// <summary>The messages recorded in <paramref name="state"/>, oldest first.</summary>
    /// <param name="state">The request's state.</param>
    /// <returns>The messages; empty when none were posted.</returns>
    public static IReadOnlyList<SentMessage> Read(AdapterRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new List<SentMessage>();
        foreach (var item in (state.Get(StateKey) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && slash < item.Length - 1)
            {
                result.Add(new SentMessage(item[..slash], item[(slash + 1)..]));
            }
        }

        if (result.Count == 0 && state.TryGet(LegacyChannelKey, out var channel) && state.TryGet(LegacyTimestampKey, out var timestamp))
        {
            result.Add(new SentMessage(channel, timestamp));
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
