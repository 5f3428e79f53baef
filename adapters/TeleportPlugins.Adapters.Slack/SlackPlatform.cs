using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Slack's side of the chat lifecycle: Block Kit messages (details section + status context), thread replies with
/// <c>thread_ts</c>, <c>chat.update</c> edits, and e-mail recipients resolved with <c>users.lookupByEmail</c>. Calls go
/// through <see cref="ISlackApi"/>; HTTP 429/5xx are transient with Slack's Retry-After (<see cref="ToolCalls"/>), and a
/// 200 with <c>ok: false</c> is checked here.
/// </summary>
internal sealed class SlackPlatform(RefitApi<ISlackApi> slack, ChannelPacer pacer) : IChatPlatform, IDisposable
{
    // Section text objects are capped at 3000 characters (longer ones fail with invalid_blocks), context ones at 2000.
    private const int SectionLimit = 3000;
    private const int ContextLimit = 2000;
    private const int TextLimit = 3000;
    private static readonly ToolCalls Calls = new("Slack");

    // Slack answers failures with HTTP 200 and one of these codes when the fault is on its side.
    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

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
            response = await Calls.SendAsync("auth.test", () => slack.Api.AuthTestAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"{e.Message}; is api_url {slack.Http.BaseAddress} Slack's Web API?");
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

        const string Method = "users.lookupByEmail";
        var response = await Calls.SendAsync(Method, () => slack.Api.LookupUserByEmailAsync(recipient, cancellationToken), cancellationToken);
        return response.Error == "users_not_found" ? null : EnsureOk(response, Method).User?.Id;
    }

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(target, PostPriority.Announcement, cancellationToken);
        var response = await PostMessageAsync(new SlackPostMessageRequest(target, Fallback(message), Blocks(message)), cancellationToken);
        if (string.IsNullOrEmpty(response.Channel) || string.IsNullOrEmpty(response.Ts))
        {
            throw new PermanentAdapterException("Slack chat.postMessage answered without channel and ts");
        }

        pacer.Learn(target, response.Channel);
        return new SentMessage(response.Channel, response.Ts);
    }

    public async Task ReplyAsync(SentMessage root, string text, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(root.ChannelId, PostPriority.FollowUp, cancellationToken);
        await PostMessageAsync(new SlackPostMessageRequest(root.ChannelId, TextLimits.Truncate(text, TextLimit), ThreadTs: root.MessageId), cancellationToken);
    }

    public async Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        var update = new SlackUpdateMessageRequest(message.ChannelId, message.MessageId, Fallback(content), Blocks(content));
        EnsureOk(await Calls.SendAsync("chat.update", () => slack.Api.UpdateMessageAsync(update, cancellationToken), cancellationToken), "chat.update");
    }

    public async Task PostDirectAsync(string target, string text, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(target, PostPriority.FollowUp, cancellationToken);
        var response = await PostMessageAsync(new SlackPostMessageRequest(target, TextLimits.Truncate(text, TextLimit)), cancellationToken);
        if (!string.IsNullOrEmpty(response.Channel))
        {
            pacer.Learn(target, response.Channel);
        }
    }

    public void Dispose() => slack.Dispose();

    private static T EnsureOk<T>(T response, string method)
        where T : ISlackResponse
    {
        if (response.Ok)
        {
            return response;
        }

        var message = $"Slack {method} failed: {response.Error ?? "unknown error"}";
        throw TransientErrors.Contains(response.Error ?? string.Empty)
            ? new TransientAdapterException(message)
            : new PermanentAdapterException(message);
    }

    private static SlackBlock[] Blocks(ChatMessage message) =>
        [SlackBlock.Section(TextLimits.Truncate(message.Body, SectionLimit)), SlackBlock.Context(TextLimits.Truncate(message.Status, ContextLimit))];

    // The top-level text is what notifications and screen readers show: the first line of the details and the status.
    private static string Fallback(ChatMessage message) =>
        TextLimits.Truncate($"{message.Body.Split('\n')[0]} {message.Status.Split('\n')[0]}", TextLimit);

    private async Task<SlackMessageResponse> PostMessageAsync(SlackPostMessageRequest message, CancellationToken cancellationToken) =>
        EnsureOk(await Calls.SendAsync("chat.postMessage", () => slack.Api.PostMessageAsync(message, cancellationToken), cancellationToken), "chat.postMessage");
}
