namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>A message posted to a chat tool: the channel it landed in and its ID there.</summary>
/// <param name="ChannelId">The channel (or direct-message channel) the tool reported.</param>
/// <param name="MessageId">The tool's message ID (Slack <c>ts</c>, Mattermost post ID, Discord message ID).</param>
public sealed record SentMessage(string ChannelId, string MessageId)
{
    /// <summary>The form stored in Teleport plugin data by Teleport's own plugins: <c>channelID/messageID</c>.</summary>
    /// <returns>The stored form.</returns>
    public override string ToString() => $"{ChannelId}/{MessageId}";
}
