namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// A modal view. <c>private_metadata</c> (at most 3000 characters) comes back unchanged in the <c>view_submission</c>
/// payload: it carries the request and the channel to answer in.
/// </summary>
internal sealed record SlackModalView(string Type, string CallbackId, SlackText Title, SlackText Submit, SlackText Close, string PrivateMetadata, IReadOnlyList<SlackInputBlock> Blocks);
