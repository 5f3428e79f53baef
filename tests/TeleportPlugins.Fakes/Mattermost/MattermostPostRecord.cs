namespace TeleportPlugins.Fakes.Mattermost;

/// <summary>A post the fake Mattermost holds: its latest message and how often it was edited.</summary>
/// <param name="Id">The post ID.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="RootId">The thread's root post for a reply, else empty.</param>
/// <param name="Message">The current Markdown message.</param>
/// <param name="Edits">How many times it was patched.</param>
/// <param name="Props">Its <c>props</c> as JSON, or null.</param>
/// <param name="CreateAt">When it was created, Unix milliseconds.</param>
/// <param name="UpdateAt">When it was last changed, Unix milliseconds.</param>
public sealed record MattermostPostRecord(string Id, string ChannelId, string RootId, string Message, int Edits, string? Props = null, long CreateAt = 0, long UpdateAt = 0);
