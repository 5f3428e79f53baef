using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeleportPlugins.Fakes.Mattermost;

/// <summary>
/// An in-process Mattermost API v4 with what the adapter calls: <c>GET users/me</c>, <c>GET users/email/{email}</c>,
/// <c>GET teams/name/{team}/channels/name/{channel}</c>, <c>POST channels/direct</c>, <c>POST posts</c> and
/// <c>PUT posts/{id}/patch</c>. It checks the Bearer token (scheme case-insensitive, as the server does), JSON bodies,
/// known channels and thread roots, and answers with Mattermost's shapes: 201 on creation, AppError JSON on failures,
/// and a plain-text 429 "limit exceeded" with Retry-After and X-RateLimit-Reset when limited. A post to a team channel
/// is a request's root, a thread reply a review's reply, and an edit or a post to a direct channel (the requester told
/// the outcome) an update. Mattermost's own limiter counts per remote address (or per user), never per channel, so
/// there is no per-destination limit here. Posts keep their <c>props</c>, and <c>GET channels/{id}/posts?since=</c>
/// answers as Mattermost documents it: every post of the channel (replies included) created or changed after
/// <c>since</c> (Unix ms), at most 1000, as a PostList, from an index of each channel's posts by change time; without
/// <c>since</c>, a page (<c>page</c>, <c>per_page</c> up to 200) of the channel's posts newest first, from an index by
/// creation; <c>GET posts/{id}/thread</c> answers the post's thread (root and replies) from an index of each root's
/// replies. Times come from the fake's clock (<see cref="UseClock"/>), and post lists carry it in <c>Date</c>.
/// Interactive buttons (<c>props.attachments[].actions[]</c>) are checked as the server stores them (a name, an
/// alphanumeric id, an absolute integration URL); a patch with <c>props</c> replaces the post's props whole, and
/// <see cref="ClickBody"/> builds what the server POSTs to a button's integration URL when a user clicks it.
/// <c>GET users/{id}</c> answers a user with the e-mail address. Each click carries a new trigger ID;
/// <c>POST actions/dialogs/open</c> takes it once (400 otherwise) with a dialog Mattermost would show (a title of at most
/// 24 characters, text/textarea elements with a name and a label), and <see cref="DialogSubmitBody"/> builds what the
/// server POSTs to the dialog's URL when the user submits it, with the user from the session.
/// </summary>
public sealed class MattermostApiFake : IAsyncDisposable
{
    /// <summary>The bot's user ID.</summary>
    public const string BotId = "bot0000000000000000000000a";

    private const string Api = "/api/v4/";
    private const int MessageLimit = 16_383;
    private readonly ConcurrentDictionary<string, string> _channelsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _directChannelById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _emailsByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MattermostPostRecord> _posts = new(StringComparer.Ordinal);
    private const int SinceLimit = 1000;
    private const int MaxPerPage = 200;
    private readonly ConcurrentDictionary<string, SortedSet<(long UpdateAt, string Id)>> _changes = new(StringComparer.Ordinal);

    // Each channel's post IDs in creation order, appended under the channel's changes lock.
    private readonly ConcurrentDictionary<string, List<string>> _created = new(StringComparer.Ordinal);

    // Each thread root's replies in creation order, appended under the channel's changes lock.
    private readonly ConcurrentDictionary<string, List<string>> _replies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string UserId, string ChannelId)> _triggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Uri Url, string ChannelId, JsonElement Dialog)> _dialogsByUser = new(StringComparer.Ordinal);
    private readonly RateLimitPlan _limit = new();
    private readonly bool _keepMessages;
    private TimeProvider _time = TimeProvider.System;
    private volatile bool _everyEmailIsAUser;
    private long _nextId;
    private int _retryAfter;

    private MattermostApiFake(FakeApiServer server, string token, bool keepMessages)
    {
        Server = server;
        Token = token;
        _keepMessages = keepMessages;
    }

    /// <summary>The HTTP server.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The value for the adapter's <c>url</c>.</summary>
    public Uri Url => Server.BaseAddress;

    /// <summary>
    /// All posts (roots and replies) in creation order, with their current message; a fake that only counts calls
    /// (<see cref="FakeServerOptions.RecordRequests"/> off) keeps no messages, so that a load run's memory stays flat.
    /// </summary>
    public IReadOnlyList<MattermostPostRecord> Posts => [.. _posts.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>Root posts only.</summary>
    public IReadOnlyList<MattermostPostRecord> RootPosts => [.. Posts.Where(p => p.RootId.Length == 0)];

    /// <summary>Starts the fake with team <c>ops</c> holding channel <c>access</c> (ID chan-access).</summary>
    /// <param name="options">Recording (tests, the default) or counted (load runs).</param>
    /// <param name="token">The token it accepts.</param>
    /// <returns>The fake.</returns>
    public static async Task<MattermostApiFake> StartAsync(FakeServerOptions? options = null, string token = "mm-fake-token-secret-4242")
    {
        options ??= FakeServerOptions.Recording;
        var fake = new MattermostApiFake(await FakeApiServer.StartAsync(options), token, options.RecordRequests);
        fake.AddChannel("ops", "access", "chan-access");
        fake.Server.Map("GET", Api + "users/me", r => fake.Authorized(r) ?? FakeResponse.JsonBody(new { id = BotId, username = "teleport", email = "bot@example.com", is_bot = true }));
        fake.Server.Map("GET", p => p.StartsWith(Api + "users/", StringComparison.Ordinal) && p.Count(c => c == '/') == 4 && p != Api + "users/me", fake.UserById);
        fake.Server.Map("GET", p => p.StartsWith(Api + "users/email/", StringComparison.Ordinal), fake.UserByEmail);
        fake.Server.Map("GET", p => p.StartsWith(Api + "teams/name/", StringComparison.Ordinal), fake.ChannelByName);
        fake.Server.Map("POST", Api + "channels/direct", r => fake.WithBody(r, fake.DirectChannel));
        fake.Server.Map("POST", Api + "posts", fake.CreatePost);
        fake.Server.Map("POST", Api + "actions/dialogs/open", r => fake.WithBody(r, fake.OpenDialog));
        fake.Server.Map("GET", p => p.StartsWith(Api + "channels/", StringComparison.Ordinal) && p.EndsWith("/posts", StringComparison.Ordinal), fake.ChannelPosts);
        fake.Server.Map("GET", p => p.StartsWith(Api + "posts/", StringComparison.Ordinal) && p.EndsWith("/thread", StringComparison.Ordinal), fake.Thread);
        fake.Server.Map("PUT", p => p.StartsWith(Api + "posts/", StringComparison.Ordinal) && p.EndsWith("/patch", StringComparison.Ordinal), r => fake.WithBody(r, body => fake.PatchPost(r.Path, body)));
        return fake;
    }

    /// <summary>The direct channel of the bot and a user.</summary>
    /// <param name="userId">The user.</param>
    /// <returns>The channel ID.</returns>
    public static string DirectChannelOf(string userId) => $"dm-{userId}";

    /// <summary>Stamps posts from now on with <paramref name="time"/> (the system clock by default).</summary>
    /// <param name="time">The clock.</param>
    public void UseClock(TimeProvider time) => _time = time;

    /// <summary>Adds <paramref name="count"/> posts by someone else to <paramref name="channelId"/>, stamped now: a busy channel.</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="count">How many.</param>
    public void AddChatter(string channelId, int count)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var changes = _changes.GetOrAdd(channelId, _ => []);
        lock (changes)
        {
            for (var i = 0; i < count; i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"post{Interlocked.Increment(ref _nextId):D22}");
                _posts[id] = new MattermostPostRecord(id, channelId, string.Empty, "chatter", 0, null, now, now);
                changes.Add((now, id));
                _created.GetOrAdd(channelId, _ => []).Add(id);
            }
        }
    }

    /// <summary>Adds a channel to a team.</summary>
    /// <param name="team">The team name.</param>
    /// <param name="name">The channel name.</param>
    /// <param name="id">The channel ID.</param>
    public void AddChannel(string team, string name, string id)
    {
        _channelsByName[$"{team}/{name}"] = id;
        _directChannelById[id] = false;
    }

    /// <summary>Adds a user findable by e-mail.</summary>
    /// <param name="email">The e-mail address.</param>
    /// <param name="id">The user ID.</param>
    public void AddUser(string email, string id)
    {
        _usersByEmail[email] = id;
        _emailsByUser[id] = email;
    }

    /// <summary>
    /// Makes every e-mail address a user (a load run's requesters and reviewers are too many to add): an unknown one
    /// becomes a user with an ID derived from it on its first lookup.
    /// </summary>
    public void TreatEveryEmailAsUser() => _everyEmailIsAUser = true;

    /// <summary>After <paramref name="afterSuccesses"/> more posts, the next <paramref name="count"/> <c>POST posts</c> get 429.</summary>
    /// <param name="count">How many.</param>
    /// <param name="retryAfterSeconds">The Retry-After and X-RateLimit-Reset value.</param>
    /// <param name="afterSuccesses">How many posts still pass first.</param>
    public void RateLimitPosts(int count, int retryAfterSeconds, int afterSuccesses = 0)
    {
        _retryAfter = retryAfterSeconds;
        _limit.Set(count, afterSuccesses);
    }

    /// <summary>The IDs of the buttons on a post, in order; empty when it has none.</summary>
    /// <param name="postId">The post.</param>
    /// <returns>The action IDs.</returns>
    public IReadOnlyList<string> ButtonsOf(string postId) => [.. Actions(postId).Select(a => a["id"]!.GetValue<string>())];

    /// <summary>
    /// What the Mattermost server POSTs to the integration URL of button <paramref name="actionId"/> of
    /// <paramref name="postId"/> when <paramref name="userId"/> clicks it (<c>PostActionIntegrationRequest</c>): who
    /// clicked, where, a trigger ID, and the button's context as the post holds it.
    /// </summary>
    /// <param name="postId">The post.</param>
    /// <param name="actionId">The button's ID.</param>
    /// <param name="userId">The clicking user.</param>
    /// <returns>The integration URL and the raw body.</returns>
    public (Uri Url, byte[] Body) ClickBody(string postId, string actionId, string userId)
    {
        var action = Actions(postId).FirstOrDefault(a => a["id"]!.GetValue<string>() == actionId)
            ?? throw new InvalidOperationException($"post {postId} has no button {actionId}");
        var integration = action["integration"]!;
        var body = new JsonObject
        {
            ["user_id"] = userId,
            ["user_name"] = _emailsByUser.TryGetValue(userId, out var email) ? email.Split('@')[0] : userId,
            ["channel_id"] = _posts[postId].ChannelId,
            ["channel_name"] = string.Empty,
            ["team_id"] = string.Empty,
            ["team_domain"] = string.Empty,
            ["post_id"] = postId,
            ["trigger_id"] = Trigger(userId, _posts[postId].ChannelId),
            ["type"] = string.Empty,
            ["data_source"] = string.Empty,
            ["context"] = integration["context"]?.DeepClone(),
        };
        return (new Uri(integration["url"]!.GetValue<string>()), Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    /// <summary>The users a dialog was opened for, each once per dialog.</summary>
    public IReadOnlyCollection<string> DialogsOpenedFor => [.. _dialogsByUser.Keys];

    /// <summary>
    /// What the Mattermost server POSTs to the URL of the dialog last opened for <paramref name="userId"/> when they submit
    /// it (or cancel it): the dialog's callback ID and state, the user from their session, and the values by element name.
    /// </summary>
    /// <param name="userId">The user the dialog was opened for.</param>
    /// <param name="values">The values typed, by element name.</param>
    /// <param name="cancelled">Whether the user cancelled it.</param>
    /// <returns>The dialog's URL and the raw body.</returns>
    public (Uri Url, byte[] Body) DialogSubmitBody(string userId, IReadOnlyDictionary<string, string> values, bool cancelled = false)
    {
        var (url, channel, dialog) = _dialogsByUser[userId];
        var submission = new JsonObject();
        foreach (var (name, value) in values)
        {
            submission[name] = value;
        }

        var body = new JsonObject
        {
            ["type"] = "dialog_submission",
            ["callback_id"] = FakeJson.Text(dialog, "callback_id") ?? string.Empty,
            ["state"] = FakeJson.Text(dialog, "state") ?? string.Empty,
            ["user_id"] = userId,
            ["channel_id"] = channel,
            ["team_id"] = "team-ops",
            ["submission"] = submission,
            ["cancelled"] = cancelled,
        };
        return (url, Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>
    /// Why Mattermost would refuse these props' buttons, or null: each action needs a name, an alphanumeric id (the
    /// server routes clicks by it) and an absolute integration URL.
    /// </summary>
    private static string? InvalidButtons(JsonElement props)
    {
        if (FakeJson.Field(props, "attachments") is not { ValueKind: JsonValueKind.Array } attachments)
        {
            return null;
        }

        foreach (var action in attachments.EnumerateArray().SelectMany(a => FakeJson.Field(a, "actions") is { ValueKind: JsonValueKind.Array } actions ? actions.EnumerateArray() : []))
        {
            var id = FakeJson.Text(action, "id");
            var url = FakeJson.Text(FakeJson.Field(action, "integration"), "url");
            if (string.IsNullOrEmpty(FakeJson.Text(action, "name")) || id is not { Length: > 0 } || !id.All(char.IsAsciiLetterOrDigit)
                || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return "Invalid action: a button needs a name, an alphanumeric id and an absolute integration url.";
            }
        }

        return null;
    }

    private IEnumerable<JsonNode> Actions(string postId) =>
        _posts[postId].Props is { } props && JsonNode.Parse(props)?["attachments"] is JsonArray attachments
            ? attachments.SelectMany(a => a?["actions"] as JsonArray ?? []).OfType<JsonNode>()
            : [];

    private static FakeResponse AppError(int status, string id, string message) =>
        FakeResponse.JsonBody(new { id, message, detailed_error = string.Empty, request_id = "req1", status_code = status }, status);

    private static FakeResponse InvalidMessage() => AppError(400, "model.post.is_valid.msg.app_error", "Invalid message.");

    private static FakeResponse NoPermission() => AppError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");

    private static bool IsValidMessage(string? message) => message is { Length: > 0 and <= MessageLimit };

    private FakeResponse? Authorized(FakeRequest request)
    {
        var header = request.Header("Authorization") ?? string.Empty;
        return header.Length > 7 && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && string.Equals(header[7..], Token, StringComparison.Ordinal)
            ? null
            : AppError(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
    }

    private FakeResponse WithBody(FakeRequest request, Func<JsonElement, FakeResponse> handle) =>
        Authorized(request) ?? FakeJson.Read(request, () => AppError(400, "api.context.invalid_body_param.app_error", "Invalid or missing body in request body."), handle);

    private string Trigger(string userId, string channelId)
    {
        var trigger = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        _triggers[trigger] = (userId, channelId);
        return trigger;
    }

    /// <summary><c>POST actions/dialogs/open</c>: a trigger ID from a click, used once, and a dialog Mattermost can show.</summary>
    private FakeResponse OpenDialog(JsonElement body)
    {
        if (FakeJson.Text(body, "trigger_id") is not { } trigger || !_triggers.TryRemove(trigger, out var clicked))
        {
            return AppError(400, "interactive_message.decode_trigger_id.expired", "Trigger ID for interactive dialog is expired.");
        }

        var dialog = FakeJson.Field(body, "dialog");
        var elements = FakeJson.Field(dialog, "elements");
        if (!Uri.TryCreate(FakeJson.Text(body, "url"), UriKind.Absolute, out var url) || FakeJson.Text(dialog, "title") is not { Length: > 0 and <= 24 }
            || elements.ValueKind != JsonValueKind.Array || elements.EnumerateArray().Any(e => FakeJson.Text(e, "name") is not { Length: > 0 }
                || FakeJson.Text(e, "display_name") is not { Length: > 0 and <= 24 } || FakeJson.Text(e, "type") is not ("text" or "textarea")))
        {
            return AppError(400, "app.open_interactive_dialog.dialog_invalid", "Invalid dialog.");
        }

        _dialogsByUser[clicked.UserId] = (url, clicked.ChannelId, dialog.Clone());
        return FakeResponse.JsonBody(new { status = "OK" });
    }

    private FakeResponse UserById(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var id = request.Path[(Api.Length + "users/".Length)..];
        return _emailsByUser.TryGetValue(id, out var email)
            ? FakeResponse.JsonBody(new { id, username = email.Split('@')[0], email })
            : AppError(404, "app.user.missing_account.const", "Unable to find the user.");
    }

    private FakeResponse UserByEmail(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var email = request.Path[(Api.Length + "users/email/".Length)..];
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            return AppError(400, "api.context.invalid_url_param.app_error", "Invalid or missing email parameter in request URL.");
        }

        if (!_usersByEmail.TryGetValue(email, out var id) && _everyEmailIsAUser)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"user{(uint)StringComparer.OrdinalIgnoreCase.GetHashCode(email):x8}00000000000000");
            AddUser(email, id);
        }

        return id is not null
            ? FakeResponse.JsonBody(new { id, username = email.Split('@')[0], email })
            : AppError(404, "store.sql_user.missing_account.const", "We couldn't find an existing account matching your email address.");
    }

    private FakeResponse ChannelByName(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        if (request.Path[Api.Length..].Split('/') is not ["teams", "name", var team, "channels", "name", var name])
        {
            return AppError(404, "api.context.404.app_error", "Sorry, we could not find the page.");
        }

        return _channelsByName.TryGetValue($"{team}/{name}", out var id)
            ? FakeResponse.JsonBody(new { id, name, display_name = name, type = "O", team_id = "team-" + team })
            : AppError(404, "app.channel.get_by_name.missing.app_error", "Channel does not exist.");
    }

    private FakeResponse DirectChannel(JsonElement body)
    {
        // Exactly two user IDs, one of them the caller's own.
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() != 2 || body.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return AppError(400, "api.context.invalid_body_param.app_error", "Invalid or missing user_ids in request body.");
        }

        var first = body[0].GetString()!;
        var second = body[1].GetString()!;
        var other = first == BotId ? second : first;
        if ((first != BotId && second != BotId) || other == BotId || !_emailsByUser.ContainsKey(other))
        {
            return NoPermission();
        }

        // Mattermost answers the existing direct channel when there is one.
        var id = DirectChannelOf(other);
        _directChannelById[id] = true;
        return FakeResponse.JsonBody(new { id, type = "D", name = $"{BotId}__{other}" }, 201);
    }

    private FakeResponse CreatePost(FakeRequest request)
    {
        if (_limit.ShouldRefuse())
        {
            var seconds = _retryAfter.ToString(CultureInfo.InvariantCulture);
            return new FakeResponse(429, "limit exceeded", "text/plain", new Dictionary<string, string> { ["Retry-After"] = seconds, ["X-RateLimit-Reset"] = seconds, ["X-RateLimit-Limit"] = "10", ["X-RateLimit-Remaining"] = "0" });
        }

        return WithBody(request, CreatePost);
    }

    private FakeResponse CreatePost(JsonElement body)
    {
        var channel = FakeJson.Text(body, "channel_id");
        var message = FakeJson.Text(body, "message");
        var root = FakeJson.Text(body, "root_id") ?? string.Empty;
        if (string.IsNullOrEmpty(channel) || !IsValidMessage(message))
        {
            return InvalidMessage();
        }

        if (!_directChannelById.TryGetValue(channel, out var direct))
        {
            return NoPermission();
        }

        if (root.Length > 0 && !(_posts.TryGetValue(root, out var parent) && parent.ChannelId == channel && parent.RootId.Length == 0))
        {
            return AppError(400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter.");
        }

        // A direct message tells the requester the outcome; the adapter never patches it or replies to it.
        var kind = root.Length > 0 ? CallKind.Reply : direct ? CallKind.Update : CallKind.Root;
        var props = FakeJson.Field(body, "props") is { ValueKind: JsonValueKind.Object } given ? given.GetRawText() : null;
        if (props is not null && InvalidButtons(FakeJson.Field(body, "props")) is { } invalid)
        {
            return AppError(400, "model.post.is_valid.attachments.app_error", invalid);
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"post{Interlocked.Increment(ref _nextId):D22}");
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var post = new MattermostPostRecord(id, channel, root, _keepMessages ? message! : string.Empty, 0, props, now, now);
        var changes = _changes.GetOrAdd(channel, _ => []);
        lock (changes)
        {
            _posts[id] = post;
            changes.Add((now, id));
            _created.GetOrAdd(channel, _ => []).Add(id);
            if (root.Length > 0)
            {
                _replies.GetOrAdd(root, _ => []).Add(id);
            }
        }

        return FakeResponse.JsonBody(kind, Json(post, message!), 201);
    }

    /// <summary>
    /// <c>GET channels/{id}/posts?since=</c>: the channel's posts changed after <c>since</c>, the first 1000 by change
    /// time, listed newest first by creation. <c>since</c> cannot be combined with the paging parameters; without it,
    /// the page <c>page</c> of <c>per_page</c> posts, newest first.
    /// </summary>
    private FakeResponse ChannelPosts(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var channel = request.Path[(Api.Length + "channels/".Length)..^"/posts".Length];
        if (channel.Contains('/', StringComparison.Ordinal) || !_directChannelById.ContainsKey(channel))
        {
            return NoPermission();
        }

        var posts = new List<MattermostPostRecord>();
        var changes = _changes.GetValueOrDefault(channel);
        if (request.QueryValue("since") is null)
        {
            if (!int.TryParse(request.QueryValue("page") ?? "0", CultureInfo.InvariantCulture, out var page) || page < 0
                || !int.TryParse(request.QueryValue("per_page") ?? "60", CultureInfo.InvariantCulture, out var perPage) || perPage < 1)
            {
                return AppError(400, "api.context.invalid_url_param.app_error", "Invalid or missing page parameter in request URL.");
            }

            perPage = Math.Min(perPage, MaxPerPage);
            if (changes is not null)
            {
                lock (changes)
                {
                    var created = _created[channel];
                    var end = created.Count - ((long)page * perPage);
                    for (var at = end - 1; at >= 0 && at >= end - perPage; at--)
                    {
                        posts.Add(_posts[created[(int)at]]);
                    }
                }
            }
        }
        else if (!long.TryParse(request.QueryValue("since"), CultureInfo.InvariantCulture, out var since) || since <= 0
            || new[] { "before", "after", "page", "per_page" }.Any(p => request.QueryValue(p) is not null))
        {
            return AppError(400, "api.context.invalid_url_param.app_error", "Invalid or missing since parameter in request URL.");
        }
        else if (changes is not null)
        {
            lock (changes)
            {
                posts.AddRange(changes.GetViewBetween((since + 1, string.Empty), (long.MaxValue, string.Empty)).Take(SinceLimit).Select(c => _posts[c.Id]));
            }
        }

        return PostList(posts);
    }

    /// <summary>
    /// <c>GET posts/{id}/thread</c>: the post's whole thread (the root and every reply), as a PostList newest first;
    /// 404 with an AppError when there is no such post.
    /// </summary>
    private FakeResponse Thread(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var id = request.Path[(Api.Length + "posts/".Length)..^"/thread".Length];
        if (!_posts.TryGetValue(id, out var post))
        {
            return AppError(404, "app.post.get.app_error", "Unable to get the post.");
        }

        var root = post.RootId.Length > 0 ? _posts[post.RootId] : post;
        var posts = new List<MattermostPostRecord> { root };
        var changes = _changes[root.ChannelId];
        lock (changes)
        {
            posts.AddRange(_replies.GetValueOrDefault(root.Id, []).Select(reply => _posts[reply]));
        }

        return PostList(posts);
    }

    /// <summary>
    /// A PostList newest first, with the fake clock's time in <c>Date</c> (every Mattermost answer carries the server's
    /// time; the adapter reads its clock from it).
    /// </summary>
    private FakeResponse PostList(List<MattermostPostRecord> posts)
    {
        posts.Sort((a, b) => b.CreateAt != a.CreateAt ? b.CreateAt.CompareTo(a.CreateAt) : string.CompareOrdinal(b.Id, a.Id));
        return FakeResponse.JsonBody(new
        {
            order = posts.Select(p => p.Id),
            posts = posts.ToDictionary(p => p.Id, p => Json(p, p.Message)),
            next_post_id = string.Empty,
            prev_post_id = string.Empty,
        }) with { Headers = new Dictionary<string, string> { ["Date"] = _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture) } };
    }

    private static object Json(MattermostPostRecord post, string message) => new
    {
        id = post.Id,
        create_at = post.CreateAt,
        update_at = post.UpdateAt,
        edit_at = post.Edits > 0 ? post.UpdateAt : 0,
        delete_at = 0,
        user_id = BotId,
        channel_id = post.ChannelId,
        root_id = post.RootId,
        message,
        type = string.Empty,
        props = post.Props is { } props ? JsonSerializer.Deserialize<JsonElement>(props) : default(JsonElement?),
    };

    private FakeResponse PatchPost(string path, JsonElement body)
    {
        var id = path[(Api.Length + "posts/".Length)..^"/patch".Length];
        var message = FakeJson.Text(body, "message");

        // Props sent in a patch replace the post's props whole; omitted, they stay.
        var props = FakeJson.Field(body, "props") is { ValueKind: JsonValueKind.Object } given ? given : default(JsonElement?);
        if (props is { } checkedProps && InvalidButtons(checkedProps) is { } invalid)
        {
            return AppError(400, "model.post.is_valid.attachments.app_error", invalid);
        }

        while (true)
        {
            if (!_posts.TryGetValue(id, out var post))
            {
                return AppError(404, "app.post.get.app_error", "Unable to get the post.");
            }

            if (!IsValidMessage(message))
            {
                return InvalidMessage();
            }

            var changes = _changes[post.ChannelId];
            lock (changes)
            {
                var edited = post with { Message = _keepMessages ? message! : string.Empty, Props = props is { } replaced ? replaced.GetRawText() : post.Props, Edits = post.Edits + 1, UpdateAt = Math.Max(post.UpdateAt, _time.GetUtcNow().ToUnixTimeMilliseconds()) };
                if (_posts.TryUpdate(id, edited, post))
                {
                    changes.Remove((post.UpdateAt, id));
                    changes.Add((edited.UpdateAt, id));
                    return FakeResponse.JsonBody(CallKind.Update, Json(edited, message!));
                }
            }
        }
    }
}
