using System.Net;
using System.Text.Json;
using Refit;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// Mattermost's side of the chat lifecycle: Markdown posts, thread replies with <c>root_id</c>, edits through the
/// post patch, "team/channel" recipients looked up by name and e-mail recipients reached in a direct channel. Calls go
/// through <see cref="IMattermostApi"/>; failures are classified by status (429/5xx transient, honouring Retry-After or
/// X-RateLimit-Reset) with the AppError id as detail. Every post carries <c>props.teleport_access_request</c> (request
/// ID and item), which a resumed step finds again: a root among the channel's posts since the claim
/// (<c>GET channels/{id}/posts</c>), a reply in its thread (<c>GET posts/{id}/thread</c>); the bot needs nothing
/// beyond reading the channels it posts to. With approve-from-tool (<paramref name="buttons"/>), a pending request's post
/// carries Approve and Deny buttons in <c>props.attachments</c>, and each edit sends the props whole: with the buttons
/// while the request is pending, without them once it is not.
/// </summary>
internal sealed class MattermostPlatform(RefitApi<IMattermostApi> mattermost, MattermostServerClock clock, TimeProvider time, MattermostButtons? buttons = null) : IChatPlatform, IDisposable
{
    private const string ToolName = "Mattermost";
    private const string ResetHeader = "X-RateLimit-Reset";

    // Mattermost accepts posts up to 16383 characters; the status part is kept whole, the details cut first.
    private const int PostLimit = 16_000;
    private const int StatusLimit = 4_000;

    // GET posts?since answers at most this many posts; a page holds at most PageSize (Mattermost's maximum per_page).
    private const int SinceLimit = 1000;
    private const int PageSize = 200;

    // A lost attempt's claim may be another replica's, stamped by that machine's clock: NTP keeps hosts within
    // milliseconds of each other; this covers a poorly synchronised one.
    private static readonly TimeSpan ReplicaClockSkew = TimeSpan.FromSeconds(5);
    private static readonly ToolCalls Calls = new(ToolName, AppErrorId, ResetHeader);
    private string? _botUserId;

    public string Tool => ToolName;

    public ChatMarkup Markup => ChatMarkup.Markdown;

    private Uri ServerUrl => mattermost.Http.BaseAddress!;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await GetMeAsync(cancellationToken);
            _botUserId = me.Id;
            return AdapterHealth.Healthy($"authenticated to Mattermost at {ServerUrl} as {me.Username}");
        }
        catch (PermanentAdapterException e) when (e.Message.Contains("HTTP 401", StringComparison.Ordinal))
        {
            return AdapterHealth.Unhealthy($"Mattermost at {ServerUrl} rejected the token ({e.Message}): check [mattermost] token");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"{e.Message}; is url {ServerUrl} a Mattermost server?");
        }
    }

    public async Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken)
    {
        if (recipient.Contains('@', StringComparison.Ordinal))
        {
            var user = await FindAsync("GET users/email", () => mattermost.Api.GetUserByEmailAsync(recipient, cancellationToken), cancellationToken);
            if (user is null)
            {
                return null;
            }

            var bot = _botUserId ??= (await GetMeAsync(cancellationToken)).Id;
            var direct = await Calls.SendAsync("POST channels/direct", () => mattermost.Api.CreateDirectChannelAsync([bot, user.Id], cancellationToken), cancellationToken);
            return direct.Id;
        }

        // As in Teleport's plugin, anything else must be "team/channel".
        var parts = recipient.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return null;
        }

        var channel = await FindAsync("GET channel by name", () => mattermost.Api.GetChannelByNameAsync(parts[0], parts[1], cancellationToken), cancellationToken);
        return channel?.Id;
    }

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, ChatMarker marker, CancellationToken cancellationToken)
    {
        var post = await CreatePostAsync(new MattermostPost(null, target, Text(message), Props: Props(marker, message)), cancellationToken);
        return new SentMessage(post.ChannelId, post.Id ?? throw new PermanentAdapterException("Mattermost POST posts answered without a post id"));
    }

    public Task ReplyAsync(SentMessage root, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        CreatePostAsync(new MattermostPost(null, root.ChannelId, TextLimits.Truncate(text, PostLimit), root.MessageId, Props(marker)), cancellationToken);

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        // Props sent in a patch replace the post's props whole: the marker goes with the buttons, or without them.
        var patch = buttons is not null && content.RequestId is { } requestId
            ? new MattermostPostPatch(Text(content), Props(ChatMarker.Root(requestId, message.ChannelId), content))
            : new MattermostPostPatch(Text(content));
        return Calls.SendAsync("PUT posts/patch", () => mattermost.Api.PatchPostAsync(message.MessageId, patch, cancellationToken), cancellationToken);
    }

    public Task PostDirectAsync(string target, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        CreatePostAsync(new MattermostPost(null, target, TextLimits.Truncate(text, PostLimit), Props: Props(marker)), cancellationToken);

    /// <summary>
    /// The root post in <paramref name="target"/> with <paramref name="marker"/> in its props. Mattermost answers at most
    /// 1000 posts changed since a time, any 1000 of them ("no guarantee that the returned posts will be consecutive"):
    /// when that answer is full and holds no match, the channel's pages are read newest first down to the claim, on
    /// the server's clock as its Date header gave it, not down to the claim less the margin for any clock's skew
    /// (<see cref="ResumeMarkers.SearchFrom"/>), which in a busy channel is thousands of posts more.
    /// </summary>
    public async Task<SentMessage?> FindPostAsync(string target, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken)
    {
        var key = marker.ToString();
        var sinceMs = ResumeMarkers.SearchFrom(resumed).ToUnixTimeMilliseconds();
        var list = await ReadAsync("GET channels/posts", () => mattermost.Api.GetPostsSinceAsync(target, sinceMs, cancellationToken), cancellationToken);
        var found = Match(list, key, string.Empty);
        if (found is null && list.Posts?.Count >= SinceLimit)
        {
            var from = clock.Offset is { } offset ? Math.Max(sinceMs, (resumed.ClaimedAt + offset - ReplicaClockSkew).ToUnixTimeMilliseconds()) : sinceMs;
            for (var page = 0; found is null; page++)
            {
                var number = page;
                list = await ReadAsync("GET channels/posts", () => mattermost.Api.GetPostsPageAsync(target, number, PageSize, cancellationToken), cancellationToken);
                found = Match(list, key, string.Empty);
                if (list.Posts is not { Count: >= PageSize } posts || posts.Values.Any(p => p.CreateAt <= from))
                {
                    // The last page, or one that reached posts older than the claim: nothing further back can be the one.
                    break;
                }
            }
        }

        return Found(found);
    }

    /// <summary>
    /// The reply to <paramref name="root"/> with <paramref name="marker"/> in its props, from the root's thread: one
    /// call however busy the channel is (a request's thread holds its reviews).
    /// </summary>
    public async Task<SentMessage?> FindReplyAsync(SentMessage root, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken)
    {
        var thread = await ReadAsync("GET posts/thread", () => mattermost.Api.GetThreadAsync(root.MessageId, cancellationToken), cancellationToken);
        return Found(Match(thread, marker.ToString(), root.MessageId));
    }

    /// <summary>The e-mail address of the user <paramref name="userId"/>, or null when Mattermost does not show it.</summary>
    public async Task<string?> FindEmailAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await FindAsync("GET users", () => mattermost.Api.GetUserAsync(userId, cancellationToken), cancellationToken);
        return user?.Email is { Length: > 0 } email ? email : null;
    }

    /// <summary>Opens <paramref name="dialog"/> for the user whose click gave <paramref name="triggerId"/>; its submission goes to <paramref name="url"/>.</summary>
    public Task OpenDialogAsync(string triggerId, Uri url, MattermostDialog dialog, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST actions/dialogs/open", () => mattermost.Api.OpenDialogAsync(new MattermostDialogOpen(triggerId, url, dialog), cancellationToken), cancellationToken);

    public void Dispose() => mattermost.Dispose();

    private static MattermostPostProps Props(ChatMarker marker) => new(marker.ToString());

    private MattermostPostProps Props(ChatMarker marker, ChatMessage message) =>
        new(marker.ToString(), buttons is not null && message.Pending && message.RequestId is { } requestId ? buttons.For(requestId) : null);

    private static string Text(ChatMessage message)
    {
        var status = TextLimits.Truncate(message.Status, StatusLimit);
        return $"{TextLimits.Truncate(message.Body, PostLimit - status.Length - 1)}\n{status}";
    }

    /// <summary>The id of Mattermost's AppError body (it names the error without revealing anything secret), or null.</summary>
    private static string? AppErrorId(string? body)
    {
        try
        {
            return string.IsNullOrEmpty(body) ? null : JsonSerializer.Deserialize(body, MattermostJsonContext.Default.MattermostError)?.Id;
        }
        catch (JsonException)
        {
            // Rate limiters and proxies answer in plain text.
            return null;
        }
    }

    /// <summary>
    /// Like <see cref="ToolCalls.FindAsync{T}"/>, but only Mattermost's own 404 (with an AppError) means "no such user
    /// or channel": a bare 404 comes from a url that is no Mattermost server, and fails like any other error.
    /// </summary>
    private static Task<T?> FindAsync<T>(string call, Func<Task<T>> send, CancellationToken cancellationToken)
        where T : class =>
        Calls.FindAsync(
            call,
            async () =>
            {
                try
                {
                    return await send();
                }
                catch (ApiException e) when (e.StatusCode == HttpStatusCode.NotFound && AppErrorId(e.Content) is null)
                {
                    throw HttpFailures.Classify(e.StatusCode, e.Headers, ToolName, call, resetHeader: ResetHeader);
                }
            },
            cancellationToken);

    /// <summary>A read of a lookup, retried within the step (<see cref="LookupReads"/>).</summary>
    private Task<MattermostPostList> ReadAsync(string call, Func<Task<MattermostPostList>> send, CancellationToken cancellationToken) =>
        LookupReads.RetryAsync(() => Calls.SendAsync(call, send, cancellationToken), time, cancellationToken);

    private static SentMessage? Found(MattermostPost? post) => post?.Id is { } id ? new SentMessage(post.ChannelId, id) : null;

    private static MattermostPost? Match(MattermostPostList list, string key, string rootId) =>
        list.Posts?.Values.FirstOrDefault(p => p.Props?.TeleportAccessRequest == key && (p.RootId ?? string.Empty) == rootId);

    private Task<MattermostUser> GetMeAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET users/me", () => mattermost.Api.GetMeAsync(cancellationToken), cancellationToken);

    private Task<MattermostPost> CreatePostAsync(MattermostPost post, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST posts", () => mattermost.Api.CreatePostAsync(post, cancellationToken), cancellationToken);
}
