using System.Collections.Concurrent;
using System.Globalization;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Slack's side of the chat lifecycle: Block Kit messages (details section + status context), thread replies with
/// <c>thread_ts</c>, <c>chat.update</c> edits, and e-mail recipients resolved with <c>users.lookupByEmail</c>. Calls go
/// through <see cref="ISlackApi"/>; HTTP 429/5xx are transient with Slack's Retry-After (<see cref="ToolCalls"/>), and a
/// 200 with <c>ok: false</c> is checked here. Every post carries message metadata (event type
/// <c>teleport_access_request</c>, payload request ID and item), which a resumed step finds again with
/// <c>conversations.history</c> (request messages, DMs) or <c>conversations.replies</c> (review replies); those need the
/// scopes <c>channels:history</c>, <c>groups:history</c>, <c>im:history</c>, and mapping a configured target to the
/// channel ID they take needs <c>channels:read</c>/<c>groups:read</c> (a channel name) or <c>im:write</c> (a user).
/// </summary>
/// <remarks>
/// With <paramref name="reviewButtons"/> (<c>[slack.review] enabled</c>) a pending request's message also gets an actions
/// block with Approve and Deny; the update on resolution renders without it, so the buttons disappear.
/// </remarks>
internal sealed class SlackPlatform(RefitApi<ISlackApi> slack, ChannelPacer pacer, TimeProvider time, bool reviewButtons = false) : IChatPlatform, IDisposable
{
    // Section text objects are capped at 3000 characters (longer ones fail with invalid_blocks), context ones at 2000.
    private const int SectionLimit = 3000;
    private const int ContextLimit = 2000;
    private const int TextLimit = 3000;
    private const int PageSize = 200;
    private const int RememberAtMost = 1024;
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

    // The channel ID Slack answered for each target posted to (a name, a user ID), so a lookup after a post in this
    // process needs no conversations.list or conversations.open.
    private readonly ConcurrentDictionary<string, string> _channelOf = new(StringComparer.Ordinal);

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

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, ChatMarker marker, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(target, PostPriority.Announcement, cancellationToken);
        var response = await PostMessageAsync(new SlackPostMessageRequest(target, Fallback(message), Blocks(message), Metadata: SlackMessageMetadata.For(marker)), cancellationToken);
        if (string.IsNullOrEmpty(response.Channel) || string.IsNullOrEmpty(response.Ts))
        {
            throw new PermanentAdapterException("Slack chat.postMessage answered without channel and ts");
        }

        Learn(target, response.Channel);
        return new SentMessage(response.Channel, response.Ts);
    }

    public async Task ReplyAsync(SentMessage root, string text, ChatMarker marker, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(root.ChannelId, PostPriority.FollowUp, cancellationToken);
        await PostMessageAsync(new SlackPostMessageRequest(root.ChannelId, TextLimits.Truncate(text, TextLimit), ThreadTs: root.MessageId, Metadata: SlackMessageMetadata.For(marker)), cancellationToken);
    }

    public async Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        var update = new SlackUpdateMessageRequest(message.ChannelId, message.MessageId, Fallback(content), Blocks(content));
        EnsureOk(await Calls.SendAsync("chat.update", () => slack.Api.UpdateMessageAsync(update, cancellationToken), cancellationToken), "chat.update");
    }

    public async Task PostDirectAsync(string target, string text, ChatMarker marker, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(target, PostPriority.FollowUp, cancellationToken);
        var response = await PostMessageAsync(new SlackPostMessageRequest(target, TextLimits.Truncate(text, TextLimit), Metadata: SlackMessageMetadata.For(marker)), cancellationToken);
        if (!string.IsNullOrEmpty(response.Channel))
        {
            Learn(target, response.Channel);
        }
    }

    public async Task<SentMessage?> FindPostAsync(string target, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken)
    {
        if (await ChannelIdAsync(target, cancellationToken) is not { } channel)
        {
            return null;
        }

        var oldest = Ts(ResumeMarkers.SearchFrom(resumed));
        var found = await FindInPagesAsync(
            "conversations.history",
            cursor => slack.Api.HistoryAsync(channel, oldest, PageSize, cursor, cancellationToken),
            m => (m.ThreadTs is null || m.ThreadTs == m.Ts) && m.Metadata?.Marks(marker) == true,
            cancellationToken);
        return found is null ? null : new SentMessage(channel, found.Ts);
    }

    public async Task<SentMessage?> FindReplyAsync(SentMessage root, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken)
    {
        var oldest = Ts(ResumeMarkers.SearchFrom(resumed));
        var found = await FindInPagesAsync(
            "conversations.replies",
            cursor => slack.Api.RepliesAsync(root.ChannelId, root.MessageId, oldest, PageSize, cursor, cancellationToken),
            m => m.Ts != root.MessageId && m.Metadata?.Marks(marker) == true,
            cancellationToken);
        return found is null ? null : new SentMessage(root.ChannelId, found.Ts);
    }

    /// <summary>Shows <paramref name="text"/> (plain, escaped here) to <paramref name="user"/> only, in <paramref name="channel"/>.</summary>
    public async Task PostEphemeralAsync(string channel, string user, string text, CancellationToken cancellationToken)
    {
        const string Method = "chat.postEphemeral";
        var message = new SlackPostEphemeralRequest(channel, user, TextLimits.Truncate(Markup.Escape(text), TextLimit));
        EnsureOk(await Calls.SendAsync(Method, () => slack.Api.PostEphemeralAsync(message, cancellationToken), cancellationToken), Method);
    }

    /// <summary>Opens a modal for the user whose click gave <paramref name="triggerId"/>.</summary>
    public async Task OpenViewAsync(string triggerId, SlackModalView view, CancellationToken cancellationToken)
    {
        const string Method = "views.open";
        var request = new SlackOpenViewRequest(triggerId, view);
        EnsureOk(await Calls.SendAsync(Method, () => slack.Api.OpenViewAsync(request, cancellationToken), cancellationToken), Method);
    }

    /// <summary>A user's e-mail address as Slack has it (<c>users.info</c>, scope <c>users:read.email</c>), or null.</summary>
    public async Task<string?> UserEmailAsync(string user, CancellationToken cancellationToken)
    {
        const string Method = "users.info";
        var response = await Calls.SendAsync(Method, () => slack.Api.UserInfoAsync(user, cancellationToken), cancellationToken);
        return EnsureOk(response, Method).User?.Profile?.Email;
    }

    public void Dispose() => slack.Dispose();

    private static T EnsureOk<T>(T response, string method)
        where T : ISlackResponse
    {
        if (response.Ok)
        {
            return response;
        }

        var needed = response is SlackHistoryResponse { Needed: { } history } ? history
            : response is SlackOpenResponse { Needed: { } open } ? open
            : response is SlackListResponse { Needed: { } list } ? list
            : null;
        var message = $"Slack {method} failed: {response.Error ?? "unknown error"}{(needed is null ? string.Empty : $" (the bot needs scope {needed})")}";
        throw TransientErrors.Contains(response.Error ?? string.Empty)
            ? new TransientAdapterException(message)
            : new PermanentAdapterException(message);
    }

    private SlackBlock[] Blocks(ChatMessage message)
    {
        SlackBlock[] content = [SlackBlock.Section(TextLimits.Truncate(message.Body, SectionLimit)), SlackBlock.Context(TextLimits.Truncate(message.Status, ContextLimit))];
        return reviewButtons && message.Pending && message.RequestId is { } requestId ? [.. content, SlackBlock.ReviewButtons(requestId)] : content;
    }

    // The top-level text is what notifications and screen readers show: the first line of the details and the status.
    private static string Fallback(ChatMessage message) =>
        TextLimits.Truncate($"{message.Body.Split('\n')[0]} {message.Status.Split('\n')[0]}", TextLimit);

    /// <summary>The first message of <paramref name="method"/>'s pages that is <paramref name="wanted"/>, following the cursor.</summary>
    private async Task<SlackHistoryMessage?> FindInPagesAsync(string method, Func<string?, Task<SlackHistoryResponse>> page, Func<SlackHistoryMessage, bool> wanted, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var at = cursor;
            var response = await LookupReads.RetryAsync(async () => EnsureOk(await Calls.SendAsync(method, () => page(at), cancellationToken), method), time, cancellationToken);
            if (response.Messages?.FirstOrDefault(wanted) is { } found)
            {
                return found;
            }

            cursor = response.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
        return null;
    }

    /// <summary>A Slack timestamp (<c>seconds.micros</c>) for <c>oldest</c>.</summary>
    private static string Ts(DateTimeOffset time)
    {
        var micros = (time - DateTimeOffset.UnixEpoch).Ticks / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }

    // Slack IDs are upper case (C…, G…, D… conversations; U…, W… users); channel names are lower case.
    private static bool IsId(string target) => target.Length > 1 && target.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    private void Learn(string target, string channelId)
    {
        if (_channelOf.Count > RememberAtMost)
        {
            // Requesters' direct messages each add a user: forgetting costs one conversations.open on a rare resume.
            _channelOf.Clear();
        }

        _channelOf[target] = channelId;
        pacer.Learn(target, channelId);
    }

    /// <summary>
    /// The conversation ID the history methods take for a target as configured: learned from an earlier post, the
    /// target itself when it is a conversation ID, the DM channel of a user ID (<c>conversations.open</c>), or the
    /// channel of that name (<c>conversations.list</c>); null when Slack knows no such channel.
    /// </summary>
    private async Task<string?> ChannelIdAsync(string target, CancellationToken cancellationToken)
    {
        if (_channelOf.TryGetValue(target, out var known))
        {
            return known;
        }

        if (IsId(target) && target[0] is 'C' or 'G' or 'D')
        {
            return target;
        }

        if (IsId(target))
        {
            const string Open = "conversations.open";
            var opened = EnsureOk(await Calls.SendAsync(Open, () => slack.Api.OpenAsync(new SlackOpenRequest(target), cancellationToken), cancellationToken), Open);
            return opened.Channel?.Id is { } direct ? _channelOf[target] = direct : null;
        }

        const string List = "conversations.list";
        var name = target.TrimStart('#');
        string? cursor = null;
        do
        {
            var page = EnsureOk(await Calls.SendAsync(List, () => slack.Api.ListAsync(PageSize, cursor, cancellationToken), cancellationToken), List);
            if (page.Channels?.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal)) is { } channel)
            {
                return _channelOf[target] = channel.Id;
            }

            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
        return null;
    }

    private async Task<SlackMessageResponse> PostMessageAsync(SlackPostMessageRequest message, CancellationToken cancellationToken) =>
        EnsureOk(await Calls.SendAsync("chat.postMessage", () => slack.Api.PostMessageAsync(message, cancellationToken), cancellationToken), "chat.postMessage");
}
