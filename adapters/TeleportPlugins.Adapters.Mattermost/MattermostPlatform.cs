using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// Mattermost's side of the chat lifecycle: Markdown posts, thread replies with <c>root_id</c>, edits through the
/// post patch, "team/channel" recipients looked up by name and e-mail recipients reached in a direct channel.
/// </summary>
internal sealed class MattermostPlatform(MattermostApiClient client) : IChatPlatform
{
    // Mattermost accepts posts up to 16383 characters; the status part is kept whole, the details cut first.
    private const int PostLimit = 16_000;
    private const int StatusLimit = 4_000;
    private string? _botUserId;

    public string Tool => "Mattermost";

    public ChatMarkup Markup => ChatMarkup.Markdown;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await client.GetMeAsync(cancellationToken);
            _botUserId = me.Id;
            return AdapterHealth.Healthy($"authenticated to Mattermost at {client.ServerUrl} as {me.Username}");
        }
        catch (PermanentAdapterException e) when (e.Message.Contains("HTTP 401", StringComparison.Ordinal))
        {
            return AdapterHealth.Unhealthy($"Mattermost at {client.ServerUrl} rejected the token ({e.Message}): check [mattermost] token");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"{e.Message}; is url {client.ServerUrl} a Mattermost server?");
        }
    }

    public async Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken)
    {
        if (recipient.Contains('@', StringComparison.Ordinal))
        {
            var user = await client.GetUserByEmailAsync(recipient, cancellationToken);
            if (user is null)
            {
                return null;
            }

            _botUserId ??= (await client.GetMeAsync(cancellationToken)).Id;
            return (await client.CreateDirectChannelAsync(_botUserId, user.Id, cancellationToken)).Id;
        }

        // As in Teleport's plugin, anything else must be "team/channel".
        var parts = recipient.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return null;
        }

        return (await client.GetChannelByNameAsync(parts[0], parts[1], cancellationToken))?.Id;
    }

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, CancellationToken cancellationToken)
    {
        var post = await client.CreatePostAsync(new MattermostPost(null, target, Text(message)), cancellationToken);
        return new SentMessage(post.ChannelId, post.Id ?? throw new PermanentAdapterException("Mattermost POST posts answered without a post id"));
    }

    public Task ReplyAsync(SentMessage root, string text, CancellationToken cancellationToken) =>
        client.CreatePostAsync(new MattermostPost(null, root.ChannelId, TextLimits.Truncate(text, PostLimit), root.MessageId), cancellationToken);

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        client.PatchPostAsync(message.MessageId, new MattermostPostPatch(Text(content)), cancellationToken);

    public Task PostDirectAsync(string target, string text, CancellationToken cancellationToken) =>
        client.CreatePostAsync(new MattermostPost(null, target, TextLimits.Truncate(text, PostLimit)), cancellationToken);

    private static string Text(ChatMessage message)
    {
        var status = TextLimits.Truncate(message.Status, StatusLimit);
        return $"{TextLimits.Truncate(message.Body, PostLimit - status.Length - 1)}\n{status}";
    }
}
