namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>A <c>PostList</c>: post IDs in <c>order</c> and the posts by ID.</summary>
internal sealed record MattermostPostList(IReadOnlyList<string>? Order, IReadOnlyDictionary<string, MattermostPost>? Posts);
