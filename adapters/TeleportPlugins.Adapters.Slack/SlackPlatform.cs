using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Slack's side of the chat lifecycle: Block Kit messages (details section + status context), thread replies with
/// <c>thread_ts</c>, <c>chat.update</c> edits, and e-mail recipients resolved with <c>users.lookupByEmail</c>.
/// </summary>
internal sealed class SlackPlatform(SlackApiClient client, ChannelPacer pacer) : IChatPlatform
{
    // Section text objects are capped at 3000 characters (longer ones fail with invalid_blocks), context ones at 2000.
    private const int SectionLimit = 3000;
    private const int ContextLimit = 2000;
    private const int TextLimit = 3000;

    // Slack disables a token for these; anything else is an address or permission problem.
    private static readonly HashSet<string> TokenErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
    };

    public string Tool => "Slack";

    public ChatMarkup Markup => SlackMarkup.Instance;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        SlackAuthTestResponse response;
        try
        {
            response = await client.AuthTestAsync(cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"{e.Message}; is api_url {client.BaseAddress} Slack's Web API?");
        }

        if (response.Ok)
        {
            return AdapterHealth.Healthy($"authenticated to Slack as {response.User} in workspace {response.Team}");
        }

        return TokenErrors.Contains(response.Error ?? string.Empty)
            ? AdapterHealth.Unhealthy($"Slack rejected the token ({response.Error}): check [slack] token")
            : AdapterHealth.Unhealthy($"Slack auth.test failed ({response.Error})");
    }

    public async Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken)
    {
        if (!recipient.Contains('@', StringComparison.Ordinal))
        {
            // A channel name or ID, or a user ID: chat.postMessage accepts each as it is.
            return recipient;
        }

        var user = await client.LookupUserByEmailAsync(recipient, cancellationToken);
        return user?.Id;
    }

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(target, cancellationToken);
        var response = await client.PostMessageAsync(new SlackPostMessageRequest(target, Fallback(message), Blocks(message)), cancellationToken);
        if (string.IsNullOrEmpty(response.Channel) || string.IsNullOrEmpty(response.Ts))
        {
            throw new PermanentAdapterException("Slack chat.postMessage answered without channel and ts");
        }

        return new SentMessage(response.Channel, response.Ts);
    }

    public async Task ReplyAsync(SentMessage root, string text, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(root.ChannelId, cancellationToken);
        await client.PostMessageAsync(new SlackPostMessageRequest(root.ChannelId, TextLimits.Truncate(text, TextLimit), ThreadTs: root.MessageId), cancellationToken);
    }

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        client.UpdateMessageAsync(new SlackUpdateMessageRequest(message.ChannelId, message.MessageId, Fallback(content), Blocks(content)), cancellationToken);

    public async Task PostDirectAsync(string target, string text, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(target, cancellationToken);
        await client.PostMessageAsync(new SlackPostMessageRequest(target, TextLimits.Truncate(text, TextLimit)), cancellationToken);
    }

    private static SlackBlock[] Blocks(ChatMessage message) =>
        [SlackBlock.Section(TextLimits.Truncate(message.Body, SectionLimit)), SlackBlock.Context(TextLimits.Truncate(message.Status, ContextLimit))];

    // The top-level text is what notifications and screen readers show: the first line of the details and the status.
    private static string Fallback(ChatMessage message) =>
        TextLimits.Truncate($"{message.Body.Split('\n')[0]} {message.Status.Split('\n')[0]}", TextLimit);
}
