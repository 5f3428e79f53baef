namespace TeleportPlugins.Fakes.Mattermost;

/// <summary>A post the fake Mattermost holds: its latest message and how often it was edited.</summary>
/// <param name="Id">The post ID.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="RootId">The thread's root post for a reply, else empty.</param>
/// <param name="Message">The current Markdown message.</param>
/// <param name="Edits">How many times it was patched.</param>
public sealed record MattermostPostRecord(string Id, string ChannelId, string RootId, string Message, int Edits);
