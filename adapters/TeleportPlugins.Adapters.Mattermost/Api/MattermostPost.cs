namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>A post as sent to <c>POST /posts</c> and as answered; <c>root_id</c> makes it a thread reply.</summary>
internal sealed record MattermostPost(string? Id, string ChannelId, string Message, string? RootId = null, MattermostPostProps? Props = null, long? CreateAt = null);
