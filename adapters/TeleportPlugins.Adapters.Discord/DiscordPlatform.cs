using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Refit;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// Discord's side of the chat lifecycle: Markdown messages in channels named by ID, reviews as replies
/// (<c>message_reference</c>) to each message, edits with PATCH, mentions disabled. Discord bots cannot resolve
/// e-mail addresses, so e-mail recipients (and the requester's notification) are skipped. Calls go through
/// <see cref="IDiscordApi"/>; a 429 is transient with the body's precise <c>retry_after</c> (else Retry-After /
/// X-RateLimit-Reset-After), and calls to a channel respect its bucket (<see cref="DiscordBuckets"/>).
/// Every create carries a deterministic <c>nonce</c> with <c>enforce_nonce</c> (Discord returns the message an earlier
/// attempt created with it in the past few minutes) and an embed footer naming the request and item, which a resumed
/// step finds again, beyond the nonce's window, with Get Channel Messages after the claim (Read Message History).
/// With approve-from-tool (<paramref name="buttons"/>), a pending request's message carries Approve and Deny buttons,
/// and each edit sends the components: the buttons while the request is pending, none once it is not.
/// </summary>
internal sealed class DiscordPlatform(RefitApi<IDiscordApi> discord, DiscordBuckets buckets, TimeProvider time, bool buttons = false) : IChatPlatform, IDisposable
{
    private const string ToolName = "Discord";

    // A message's content holds at most 2000 characters.
    private const int ContentLimit = 2000;
    private const int StatusLimit = 900;
    private const int PageSize = 100;
    private const int NonceLength = 25;

    // Snowflakes count milliseconds since the first second of 2015 in their upper 42 bits.
    private static readonly DateTimeOffset DiscordEpoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ToolCalls Calls = new(ToolName, body => ReadError(body) is { } error ? $"code {error.Code.ToString(CultureInfo.InvariantCulture)}" : null, DiscordBuckets.ResetAfterHeader);

    public string Tool => ToolName;

    public ChatMarkup Markup => ChatMarkup.Markdown;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await Calls.SendAsync("GET users/@me", () => discord.Api.GetMeAsync(cancellationToken), cancellationToken);
            return AdapterHealth.Healthy($"authenticated to Discord as bot {me.Username}");
        }
        catch (PermanentAdapterException e) when (e.Message.Contains("HTTP 401", StringComparison.Ordinal))
        {
            return AdapterHealth.Unhealthy($"Discord rejected the token ({e.Message}): check [discord] token");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"{e.Message}; is api_url {discord.Http.BaseAddress} Discord's API?");
        }
    }

    public Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken) =>
        Task.FromResult(recipient.Length > 0 && recipient.All(char.IsAsciiDigit) ? recipient : null);

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, ChatMarker marker, CancellationToken cancellationToken)
    {
        var sent = await CreateMessageAsync(target, Marked(new DiscordMessageRequest(Content(message), DiscordAllowedMentions.None, Components: Buttons(message) is { Count: > 0 } row ? row : null), marker), cancellationToken);
        return new SentMessage(sent.ChannelId, sent.Id);
    }

    public Task ReplyAsync(SentMessage root, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        CreateMessageAsync(root.ChannelId, Marked(new DiscordMessageRequest(TextLimits.Truncate(text, ContentLimit), DiscordAllowedMentions.None, new DiscordMessageReference(root.MessageId, root.ChannelId, FailIfNotExists: false)), marker, root), cancellationToken);

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        var edit = new DiscordMessageRequest(Content(content), DiscordAllowedMentions.None, Components: Buttons(content));
        return ToChannelAsync("edit message", message.ChannelId, () => discord.Api.EditMessageAsync(message.ChannelId, message.MessageId, edit, cancellationToken), cancellationToken);
    }

    public Task PostDirectAsync(string target, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        CreateMessageAsync(target, Marked(new DiscordMessageRequest(TextLimits.Truncate(text, ContentLimit), DiscordAllowedMentions.None), marker), cancellationToken);

    public Task<SentMessage?> FindPostAsync(string target, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken) =>
        FindAsync(target, null, marker, ResumeMarkers.SearchFrom(resumed), cancellationToken);

    public Task<SentMessage?> FindReplyAsync(SentMessage root, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken) =>
        FindAsync(root.ChannelId, root.MessageId, marker, ResumeMarkers.SearchFrom(resumed), cancellationToken);

    /// <summary>
    /// A nonce of at most 25 characters, the same for a marker on every attempt and on every replica. Discord keeps a
    /// bot's nonces across all channels, so a review's replies, one per request message, include the message.
    /// </summary>
    internal static string Nonce(ChatMarker marker, SentMessage? root) =>
        "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root is null ? marker.ToString() : $"{marker}/{root}")))[..(NonceLength - 1)];

    /// <summary>The footer naming what a message is: the request, and the item unless it is the request message.</summary>
    internal static string Footer(ChatMarker marker) =>
        marker.IsRoot ? $"Access request {marker.RequestId}" : $"Access request {marker.RequestId} · {marker.Item}";

    /// <summary>Edits the message a deferred interaction answer left with the review's outcome.</summary>
    public Task EditOriginalResponseAsync(string applicationId, string interactionToken, string text, CancellationToken cancellationToken) =>
        Calls.SendAsync(
            "edit original interaction response",
            () => discord.Api.EditOriginalResponseAsync(applicationId, interactionToken, new DiscordMessageRequest(TextLimits.Truncate(text, ContentLimit), DiscordAllowedMentions.None), cancellationToken),
            cancellationToken);

    public void Dispose() => discord.Dispose();

    /// <summary>The components of a request message: null without approve-from-tool, else the buttons or none.</summary>
    private IReadOnlyList<DiscordComponent>? Buttons(ChatMessage message) =>
        !buttons || message.RequestId is not { } requestId ? null : message.Pending ? DiscordButtons.For(requestId) : [];

    private static string Content(ChatMessage message)
    {
        var status = TextLimits.Truncate(message.Status, StatusLimit);
        return $"{TextLimits.Truncate(message.Body, ContentLimit - status.Length - 1)}\n{status}";
    }

    private static DiscordMessageRequest Marked(DiscordMessageRequest request, ChatMarker marker, SentMessage? root = null) =>
        request with { Nonce = Nonce(marker, root), EnforceNonce = true, Embeds = [new DiscordEmbed(new DiscordEmbedFooter(Footer(marker)))] };

    private static string Snowflake(DateTimeOffset time) =>
        (Math.Max(0L, (long)(time - DiscordEpoch).TotalMilliseconds) << 22).ToString(CultureInfo.InvariantCulture);

    private static DiscordError? ReadError(string? body)
    {
        try
        {
            return string.IsNullOrEmpty(body) ? null : JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordError);
        }
        catch (JsonException)
        {
            // Gateways answer in plain text; the status alone then decides.
            return null;
        }
    }

    /// <summary>
    /// The message in <paramref name="channelId"/> after <paramref name="since"/> whose embed footer names
    /// <paramref name="marker"/> and that replies to <paramref name="replyTo"/> (null: replies to nothing), paging
    /// forward from the snowflake of that time (the nonce is not returned by reads, the footer is).
    /// </summary>
    private async Task<SentMessage?> FindAsync(string channelId, string? replyTo, ChatMarker marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var footer = Footer(marker);
        var after = Snowflake(since);
        while (true)
        {
            var cursor = after;
            var page = await LookupReads.RetryAsync(
                () => Calls.SendAsync("get messages", () => discord.Api.GetMessagesAsync(channelId, cursor, PageSize, cancellationToken), cancellationToken), time, cancellationToken);
            if (page.FirstOrDefault(m => m.MessageReference?.MessageId == replyTo && m.Embeds?.Any(e => e.Footer?.Text == footer) == true) is { } found)
            {
                return new SentMessage(found.ChannelId, found.Id);
            }

            if (page.Length < PageSize)
            {
                return null;
            }

            // The newest message of the page is where the next one starts.
            after = page.Max(m => ulong.Parse(m.Id, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private Task<DiscordMessage> CreateMessageAsync(string channelId, DiscordMessageRequest message, CancellationToken cancellationToken) =>
        ToChannelAsync("create message", channelId, () => discord.Api.CreateMessageAsync(channelId, message, cancellationToken), cancellationToken);

    /// <summary>A call to one channel: waits while its bucket is empty and notes what each answer says of the bucket.</summary>
    private async Task<DiscordMessage> ToChannelAsync(string call, string channelId, Func<Task<IApiResponse<DiscordMessage>>> send, CancellationToken cancellationToken)
    {
        await buckets.WaitTurnAsync(channelId, cancellationToken);
        return await Calls.SendAsync(
            call,
            async () =>
            {
                using var response = await send();
                if (response.IsReceived)
                {
                    buckets.Remember(channelId, response.Headers);
                }

                // Discord's 429 body says to the millisecond when to retry; the headers round it to whole seconds.
                if (response.HasResponseError(out var error) && error.StatusCode == HttpStatusCode.TooManyRequests && ReadError(error.Content) is { RetryAfter: >= 0 } limited)
                {
                    throw new TransientAdapterException($"{ToolName} {call} failed with HTTP 429 (rate limited{(limited.Global ? ", global" : string.Empty)})", TimeSpan.FromSeconds(limited.RetryAfter.Value));
                }

                await response.EnsureSuccessfulAsync();

                // A success without a body is null here, which ToolCalls reports as a transient failure.
                return response.Content!;
            },
            cancellationToken);
    }
}
