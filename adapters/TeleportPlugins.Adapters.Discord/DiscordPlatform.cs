using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// Discord's side of the chat lifecycle: Markdown messages in channels named by ID, reviews as replies
/// (<c>message_reference</c>) to each message, edits with PATCH, mentions disabled. Discord bots cannot resolve
/// e-mail addresses, so e-mail recipients (and the requester's notification) are skipped.
/// </summary>
internal sealed class DiscordPlatform(DiscordApiClient client) : IChatPlatform
{
    // A message's content holds at most 2000 characters.
    private const int ContentLimit = 2000;
    private const int StatusLimit = 900;

    public string Tool => "Discord";

    public ChatMarkup Markup => ChatMarkup.Markdown;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await client.GetMeAsync(cancellationToken);
            return AdapterHealth.Healthy($"authenticated to Discord as bot {me.Username}");
        }
        catch (PermanentAdapterException e) when (e.Message.Contains("HTTP 401", StringComparison.Ordinal))
        {
            return AdapterHealth.Unhealthy($"Discord rejected the token ({e.Message}): check [discord] token");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"{e.Message}; is api_url {client.BaseAddress} Discord's API?");
        }
    }

    public Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken) =>
        Task.FromResult(recipient.Length > 0 && recipient.All(char.IsAsciiDigit) ? recipient : null);

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, CancellationToken cancellationToken)
    {
        var sent = await client.CreateMessageAsync(target, new DiscordMessageRequest(Content(message), DiscordAllowedMentions.None), cancellationToken);
        return new SentMessage(sent.ChannelId, sent.Id);
    }

    public Task ReplyAsync(SentMessage root, string text, CancellationToken cancellationToken) =>
        client.CreateMessageAsync(root.ChannelId, new DiscordMessageRequest(TextLimits.Truncate(text, ContentLimit), DiscordAllowedMentions.None, new DiscordMessageReference(root.MessageId, root.ChannelId, FailIfNotExists: false)), cancellationToken);

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        client.EditMessageAsync(message.ChannelId, message.MessageId, new DiscordMessageRequest(Content(content), DiscordAllowedMentions.None), cancellationToken);

    public Task PostDirectAsync(string target, string text, CancellationToken cancellationToken) =>
        client.CreateMessageAsync(target, new DiscordMessageRequest(TextLimits.Truncate(text, ContentLimit), DiscordAllowedMentions.None), cancellationToken);

    private static string Content(ChatMessage message)
    {
        var status = TextLimits.Truncate(message.Status, StatusLimit);
        return $"{TextLimits.Truncate(message.Body, ContentLimit - status.Length - 1)}\n{status}";
    }
}
