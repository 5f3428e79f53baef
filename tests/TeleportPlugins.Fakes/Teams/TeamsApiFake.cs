using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace TeleportPlugins.Fakes.Teams;

/// <summary>
/// The three Microsoft services the Teams adapter calls, on one in-process server:
/// <list type="bullet">
/// <item>the identity platform's v2.0 token endpoint (<c>POST /login/{tenant}/oauth2/v2.0/token</c>): a form with
/// <c>grant_type=client_credentials</c>, the app's ID and secret and one of the two <c>.default</c> scopes; it issues
/// Bearer tokens for that audience living <see cref="TokenLifetime"/> on the fake's clock, and refuses a wrong secret
/// with 401 <c>invalid_client</c> (AADSTS7000215) and an unknown tenant with 400 (AADSTS90002);</item>
/// <item>Microsoft Graph v1.0 (<c>/graph/v1.0/</c>): the app catalog by <c>externalId</c>, users by <c>mail</c> or
/// ID, a user's app installations (<c>$expand=teamsApp</c>, <c>$filter=teamsApp/id eq</c>), installing the app
/// (201, 409 when already installed), the installation's 1:1 chat, a team's installations, and List messages in a chat
/// (<c>$top</c> 1–50, <c>$orderby=lastModifiedDateTime desc</c> with <c>$filter=lastModifiedDateTime gt</c>, pages by
/// <c>$skiptoken</c>; cards as attachments whose content is the card's JSON, texts as HTML bodies; 403 once
/// <see cref="DenyChatRead"/> took Chat.Read.All away);</item>
/// <item>the Bot Framework Connector (<c>/bot/emea/v3/conversations/{id}/activities[/{activityId}]</c>): Send to
/// Conversation (201), Reply to Activity (201) and Update Activity (PUT, 200) with a message activity holding an
/// Adaptive Card or text; a card's Approve and Deny buttons (<c>Action.Execute</c>, card version 1.4 or later, data
/// naming the request and the verb) and its <c>Input.Text</c> are checked and recorded;</item>
/// <item>the Bot Framework's side of calls to the bot (<see cref="Channel"/>): its OpenID metadata and signing keys,
/// and signed tokens for the activities tests send to the adapter's messaging endpoint.</item>
/// </list>
/// Graph and the Connector accept only an unexpired Bearer token of their own audience (401 otherwise) and answer
/// errors as <c>{"error": {"code", "message"}}</c>; 429s carry Retry-After. A card sent is a root, a reply a reply, a
/// PUT an update; everything else is a read.
/// </summary>
public sealed partial class TeamsApiFake : IAsyncDisposable
{
    /// <summary>The app's manifest ID (<c>teams_app_id</c>).</summary>
    public const string TeamsAppId = "5a4e0b6c-8f1d-4c3e-9b2a-7d6f1e0c3b9a";

    /// <summary>The app's ID in the tenant's catalog (Graph's, not the manifest's).</summary>
    public const string CatalogAppId = "e1b5c2d7-0a9f-4e38-b6d4-3c2a1f0e9d8b";

    /// <summary>The Bot Framework region the fake's Connector serves.</summary>
    public const string Region = "emea";

    private const string GraphScope = "https://graph.microsoft.com/.default";
    private const string BotScope = "https://api.botframework.com/.default";
    private const string GraphPrefix = "/graph/v1.0/";
    private const string BotPrefix = "/bot/" + Region + "/v3/conversations/";
    private const int MessageLimit = 28 * 1024;
    private readonly ConcurrentDictionary<string, (string Audience, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Mail, string Name)> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _installations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _teamsWithApp = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TeamsActivityRecord> _activities = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, List<string>> _byConversation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? CardJson, string? Text)> _graphViews = new(StringComparer.Ordinal);
    private volatile bool _noChatRead;
    private readonly RateLimitPlan _botLimit = new();
    private readonly RateLimitPlan _graphLimit = new();
    private readonly bool _keepContent;
    private TimeProvider _time = TimeProvider.System;
    private volatile bool _catalogHasApp = true;
    private int _tokenLifetime = 3599;
    private int _retryAfter = 1;
    private long _lastActivity = 1_765_000_000_000;
    private long _tokenCount;
    private long _installCount;

    private TeamsApiFake(FakeApiServer server, string appId, string secret, string tenantId, bool keepContent)
    {
        Server = server;
        AppId = appId;
        Secret = secret;
        TenantId = tenantId;
        _keepContent = keepContent;
    }

    /// <summary>The HTTP server.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The Bot Framework's side of calls to the bot: metadata, keys and signed tokens.</summary>
    public TeamsBotChannel Channel { get; private set; } = null!;

    /// <summary>The Entra ID application (client) ID the fake accepts.</summary>
    public string AppId { get; }

    /// <summary>The client secret the fake accepts.</summary>
    public string Secret { get; }

    /// <summary>The tenant ID the fake accepts.</summary>
    public string TenantId { get; }

    /// <summary>The value for the adapter's <c>login_url</c>.</summary>
    public Uri LoginUrl => new(Server.BaseAddress, "login/");

    /// <summary>The value for the adapter's <c>graph_url</c>.</summary>
    public Uri GraphUrl => new(Server.BaseAddress, "graph/v1.0/");

    /// <summary>The value for the adapter's <c>bot_url</c> (the region's service URL).</summary>
    public Uri BotUrl => new(Server.BaseAddress, $"bot/{Region}/");

    /// <summary>How long a new token lives, in seconds (<c>expires_in</c>); the identity platform's is about an hour.</summary>
    public int TokenLifetime
    {
        get => Volatile.Read(ref _tokenLifetime);
        set => Volatile.Write(ref _tokenLifetime, value);
    }

    /// <summary>Tokens issued so far.</summary>
    public long TokensIssued => Interlocked.Read(ref _tokenCount);

    /// <summary>Times the app was installed for a user.</summary>
    public long Installs => Interlocked.Read(ref _installCount);

    /// <summary>Every activity, in the order sent (contents are empty in counted mode).</summary>
    public IReadOnlyList<TeamsActivityRecord> Activities => [.. _order.Select(id => _activities[id])];

    /// <summary>The cards sent with Send to Conversation (the request messages).</summary>
    public IReadOnlyList<TeamsActivityRecord> Cards => [.. Activities.Where(a => a.IsCard && a.ReplyTo is null)];

    /// <summary>Starts the fake with users alice@example.com (the sample requester), bob@example.com and carol@example.com.</summary>
    /// <param name="options">Recording (tests, the default) or counted (load runs).</param>
    /// <param name="appId">The application ID it accepts.</param>
    /// <param name="secret">The client secret it accepts.</param>
    /// <param name="tenantId">The tenant it accepts.</param>
    /// <returns>The fake.</returns>
    public static async Task<TeamsApiFake> StartAsync(
        FakeServerOptions? options = null,
        string appId = "0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
        string secret = "teams-fake-secret~Q8v.2kLm",
        string tenantId = "7d9e3f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60")
    {
        options ??= FakeServerOptions.Recording;
        var fake = new TeamsApiFake(await FakeApiServer.StartAsync(options), appId, secret, tenantId, options.RecordRequests);
        foreach (var mail in new[] { "alice@example.com", "bob@example.com", "carol@example.com" })
        {
            fake.AddUser(mail);
        }

        fake.Server.Map("POST", p => p.StartsWith("/login/", StringComparison.Ordinal) && p.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal), fake.Token);
        fake.Server.Map("GET", p => p.StartsWith(GraphPrefix, StringComparison.Ordinal), fake.GraphGet);
        fake.Server.Map("POST", p => p.StartsWith(GraphPrefix, StringComparison.Ordinal), fake.GraphPost);
        fake.Server.Map("POST", p => p.StartsWith(BotPrefix, StringComparison.Ordinal), r => fake.Connector(r, update: false));
        fake.Server.Map("PUT", p => p.StartsWith(BotPrefix, StringComparison.Ordinal), r => fake.Connector(r, update: true));
        fake.Channel = new TeamsBotChannel(fake.Server, appId, fake.BotUrl);
        return fake;
    }

    /// <summary>The user ID (a GUID derived from the address) of a user in the tenant.</summary>
    /// <param name="mail">The address.</param>
    /// <returns>The ID.</returns>
    public static string UserId(string mail) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mail.ToLowerInvariant()))[..16]).ToString();

    /// <summary>The 1:1 chat of a user with the app, once the app is installed for them.</summary>
    /// <param name="mail">The user's address.</param>
    /// <returns>The conversation ID.</returns>
    public static string ChatId(string mail) => $"19:{UserId(mail)}_{CatalogAppId}@unq.gbl.spaces";

    /// <summary>Adds a user to the tenant.</summary>
    /// <param name="mail">The address.</param>
    /// <returns>Its ID.</returns>
    public string AddUser(string mail)
    {
        var id = UserId(mail);
        _users[id] = (mail, mail.Split('@')[0]);
        return id;
    }

    /// <summary>Installs the app for a user beforehand, as an administrator's policy would.</summary>
    /// <param name="mail">The user's address.</param>
    public void InstallFor(string mail) => Install(UserId(mail));

    /// <summary>Adds a channel of a team; the app is installed in the team unless <paramref name="appInstalled"/> is false.</summary>
    /// <param name="teamId">The team (group) ID.</param>
    /// <param name="conversationId">The channel's conversation ID.</param>
    /// <param name="appInstalled">Whether the app is installed in the team.</param>
    /// <returns>The channel's URL, as Teams' "Get link to channel" gives it.</returns>
    public string AddChannel(string teamId, string conversationId, bool appInstalled = true)
    {
        _teamsWithApp[teamId] = appInstalled;
        _conversations[conversationId] = true;
        return $"https://teams.microsoft.com/l/channel/{Uri.EscapeDataString(conversationId)}/Access%20requests?groupId={teamId}&tenantId={TenantId}";
    }

    /// <summary>Revokes every token issued so far: Graph and the Connector answer 401 to them.</summary>
    public void RevokeTokens() => _tokens.Clear();

    /// <summary>Takes Chat.Read.All from the app: List messages in a chat answers 403.</summary>
    public void DenyChatRead() => _noChatRead = true;

    /// <summary>Removes the app from the tenant's catalog (an administrator deleted or never uploaded it).</summary>
    public void RemoveCatalogApp() => _catalogHasApp = false;

    /// <summary>Makes issued tokens live on <paramref name="time"/> (the system clock by default).</summary>
    /// <param name="time">The clock.</param>
    public void UseClock(TimeProvider time) => _time = time;

    /// <summary>The next <paramref name="count"/> Connector calls get 429 with <c>Retry-After: retryAfterSeconds</c>.</summary>
    /// <param name="count">How many.</param>
    /// <param name="retryAfterSeconds">The Retry-After value.</param>
    /// <param name="afterSuccesses">How many still pass first.</param>
    public void RateLimitConnector(int count, int retryAfterSeconds, int afterSuccesses = 0)
    {
        Volatile.Write(ref _retryAfter, retryAfterSeconds);
        _botLimit.Set(count, afterSuccesses);
    }

    /// <summary>The next <paramref name="count"/> Graph calls get 429 with <c>Retry-After: retryAfterSeconds</c>.</summary>
    /// <param name="count">How many.</param>
    /// <param name="retryAfterSeconds">The Retry-After value.</param>
    public void RateLimitGraph(int count, int retryAfterSeconds)
    {
        Volatile.Write(ref _retryAfter, retryAfterSeconds);
        _graphLimit.Set(count);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Channel.Dispose();
        return Server.DisposeAsync();
    }

    private static FakeResponse Error(int status, string code, string message) => FakeResponse.JsonBody(new { error = new { code, message } }, status);

    private FakeResponse TooManyRequests() =>
        FakeResponse.TooManyRequests(TimeSpan.FromSeconds(Volatile.Read(ref _retryAfter)), JsonSerializer.Serialize(new { error = new { code = "TooManyRequests", message = "Too many requests." } }));

    private static FakeResponse TokenError(int status, string error, long code, string description) =>
        FakeResponse.JsonBody(new { error, error_description = $"AADSTS{code}: {description}", error_codes = new[] { code } }, status);

    /// <summary>The literal of an OData filter <c>field eq 'value'</c> on <paramref name="field"/>, or null.</summary>
    private static string? FilterValue(string? filter, string field) =>
        filter is not null && FilterPattern().Match(filter) is { Success: true } match && match.Groups[1].Value == field
            ? match.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal)
            : null;

    [GeneratedRegex("^([A-Za-z]+(?:/[A-Za-z]+)?) eq '((?:[^']|'')*)'$", RegexOptions.CultureInvariant)]
    private static partial Regex FilterPattern();

    private FakeResponse Token(FakeRequest request)
    {
        var tenant = request.Path["/login/".Length..^"/oauth2/v2.0/token".Length];
        if (!string.Equals(tenant, TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return TokenError(400, "invalid_request", 90002, $"Tenant '{tenant}' not found.");
        }

        if (request.Header("Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TokenError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }

        var form = QueryHelpers.ParseQuery(request.Body);
        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        if (Field("grant_type") != "client_credentials")
        {
            return TokenError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }

        if (Field("client_id") != AppId)
        {
            return TokenError(400, "unauthorized_client", 700016, "Application was not found in the directory.");
        }

        if (Field("client_secret") != Secret)
        {
            return TokenError(401, "invalid_client", 7000215, "Invalid client secret provided.");
        }

        var audience = Field("scope") switch
        {
            GraphScope => "graph",
            BotScope => "bot",
            _ => null,
        };
        if (audience is null)
        {
            return TokenError(400, "invalid_scope", 1002012, "The provided value for scope is not valid.");
        }

        var lifetime = TokenLifetime;
        var token = $"eyJ0eXAi.{audience}.{Interlocked.Increment(ref _tokenCount).ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}";
        _tokens[token] = (audience, _time.GetUtcNow().AddSeconds(lifetime));
        return FakeResponse.JsonBody(new { token_type = "Bearer", expires_in = lifetime, ext_expires_in = lifetime, access_token = token });
    }

    /// <summary>Null when the request carries an unexpired Bearer token for <paramref name="audience"/>, else Graph's / the Connector's 401.</summary>
    private FakeResponse? Authorized(FakeRequest request, string audience)
    {
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(header["Bearer ".Length..], out var token))
        {
            return Error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }

        if (token.Audience != audience)
        {
            return Error(401, "InvalidAuthenticationToken", "Invalid audience.");
        }

        return _time.GetUtcNow() >= token.Expires ? Error(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.") : null;
    }

    private FakeResponse GraphGet(FakeRequest request)
    {
        if (Authorized(request, "graph") is { } denied)
        {
            return denied;
        }

        if (_graphLimit.ShouldRefuse())
        {
            return TooManyRequests();
        }

        var filter = request.QueryValue("$filter");
        var parts = request.Path[GraphPrefix.Length..].Split('/');
        return parts switch
        {
            ["appCatalogs", "teamsApps"] => List(_catalogHasApp && FilterValue(filter, "externalId") == TeamsAppId
                ? [new { id = CatalogAppId, externalId = TeamsAppId, displayName = "Teleport", distributionMethod = "organization" }]
                : []),
            ["users"] => FilterValue(filter, "mail") is { } mail
                ? List([.. _users.Where(u => string.Equals(u.Value.Mail, mail, StringComparison.OrdinalIgnoreCase)).Select(u => User(u.Key))])
                : Error(400, "Request_UnsupportedQuery", "Unsupported query."),
            ["users", var id] => _users.ContainsKey(id) ? FakeResponse.JsonBody(User(id)) : NoUser(id),
            ["users", var id, "teamwork", "installedApps"] => !_users.ContainsKey(id)
                ? NoUser(id)
                : request.QueryValue("$expand") != "teamsApp"
                    ? Error(400, "BadRequest", "Filtering on teamsApp requires $expand=teamsApp.")
                    : List(_installations.TryGetValue(id, out var installation) && FilterValue(filter, "teamsApp/id") == CatalogAppId
                        ? [new { id = installation, teamsApp = new { id = CatalogAppId, externalId = TeamsAppId, displayName = "Teleport" } }]
                        : []),
            ["users", var id, "teamwork", "installedApps", var installation, "chat"] =>
                _installations.TryGetValue(id, out var known) && known == installation
                    ? FakeResponse.JsonBody(new { id = ChatId(_users[id].Mail), chatType = "oneOnOne" })
                    : Error(404, "NotFound", "The installation was not found."),
            ["chats", var chat, "messages"] => ChatMessages(request, chat),
            ["teams", var team, "installedApps"] => !_teamsWithApp.TryGetValue(team, out var withApp)
                ? Error(404, "NotFound", "No team found with Group Id " + team)
                : List(withApp && FilterValue(filter, "teamsApp/id") == CatalogAppId && request.QueryValue("$expand") == "teamsApp"
                    ? [new { id = "team-installation-" + team, teamsApp = new { id = CatalogAppId, externalId = TeamsAppId, displayName = "Teleport" } }]
                    : []),
            _ => Error(400, "BadRequest", "Resource not found for the segment."),
        };
    }

    private FakeResponse GraphPost(FakeRequest request)
    {
        if (Authorized(request, "graph") is { } denied)
        {
            return denied;
        }

        if (_graphLimit.ShouldRefuse())
        {
            return TooManyRequests();
        }

        if (request.Path[GraphPrefix.Length..].Split('/') is not ["users", var id, "teamwork", "installedApps"])
        {
            return Error(405, "Request_BadRequest", "Unsupported method.");
        }

        if (!_users.ContainsKey(id))
        {
            return NoUser(id);
        }

        return FakeJson.Read(request, () => Error(400, "BadRequest", "Invalid request body."), body =>
        {
            if (FakeJson.Text(body, "teamsApp@odata.bind") != $"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{CatalogAppId}"
                && FakeJson.Text(body, "teamsApp@odata.bind") != new Uri(GraphUrl, $"appCatalogs/teamsApps/{CatalogAppId}").ToString())
            {
                return Error(400, "BadRequest", "teamsApp@odata.bind must name an app of the catalog.");
            }

            if (_installations.ContainsKey(id))
            {
                return Error(409, "Conflict", "The app is already installed for this user.");
            }

            Install(id);
            return new FakeResponse(201) { Kind = CallKind.Read };
        });
    }

    private void Install(string userId)
    {
        if (_installations.TryAdd(userId, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{userId}##{CatalogAppId}"))))
        {
            Interlocked.Increment(ref _installCount);
            _conversations[ChatId(_users[userId].Mail)] = true;
        }
    }

    private static FakeResponse List(object[] items) => FakeResponse.JsonBody(new Dictionary<string, object> { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata", ["value"] = items });

    private static FakeResponse NoUser(string id) => Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private object User(string id) => new { id, displayName = _users[id].Name, mail = _users[id].Mail };

    private FakeResponse Connector(FakeRequest request, bool update)
    {
        if (Authorized(request, "bot") is { } denied)
        {
            return denied;
        }

        if (_botLimit.ShouldRefuse())
        {
            return TooManyRequests();
        }

        var parts = request.Path[BotPrefix.Length..].Split('/');
        var (conversation, activityId) = parts switch
        {
            [var c, "activities"] => (c, (string?)null),
            [var c, "activities", var a] => (c, a),
            _ => (string.Empty, null),
        };
        if (conversation.Length == 0 || (update && activityId is null))
        {
            return Error(404, "NotFound", "Unknown route.");
        }

        if (!_conversations.ContainsKey(conversation))
        {
            return Error(404, "ConversationNotFound", "Conversation not found.");
        }

        if (activityId is not null && !(_activities.TryGetValue(activityId, out var existing) && existing.ConversationId == conversation))
        {
            return Error(404, "ActivityNotFoundInConversation", "The activity was not found in the conversation.");
        }

        if (request.Body.Length > MessageLimit)
        {
            return Error(413, "MessageSizeTooBig", "Message size too big.");
        }

        return FakeJson.Read(request, () => Error(400, "BadSyntax", "Invalid activity."), body =>
        {
            if (Content(body) is not { } content)
            {
                return Error(400, "BadArgument", "The activity is not a message with text or Adaptive Card attachments.");
            }

            var now = _time.GetUtcNow();
            if (update)
            {
                var updated = _activities.AddOrUpdate(activityId!, _ => throw new InvalidOperationException(), (_, old) => old with
                {
                    IsCard = content.IsCard,
                    Content = _keepContent ? content.Text : string.Empty,
                    OpenUrl = content.Url,
                    Buttons = content.Buttons,
                    Updates = old.Updates + 1,
                    LastModified = now,
                });
                _graphViews[updated.Id] = GraphView(body, content.IsCard);
                return FakeResponse.JsonBody(CallKind.Update, new { id = updated.Id });
            }

            var id = Interlocked.Increment(ref _lastActivity).ToString(CultureInfo.InvariantCulture);
            _activities[id] = new TeamsActivityRecord(id, conversation, activityId, content.IsCard, _keepContent ? content.Text : string.Empty, content.Url, 0, now, content.Buttons);
            _graphViews[id] = GraphView(body, content.IsCard);
            var log = _byConversation.GetOrAdd(conversation, _ => []);
            lock (log)
            {
                log.Add(id);
            }

            _order.Enqueue(id);
            return FakeResponse.JsonBody(activityId is null && content.IsCard ? CallKind.Root : CallKind.Reply, new { id }, 201);
        });
    }

    /// <summary>
    /// What Graph shows of an activity: the card's JSON or the text. Counted mode keeps only the card's footer or the
    /// text's last line (what a resumed step looks for), so that a load run's memory stays small.
    /// </summary>
    private (string? CardJson, string? Text) GraphView(JsonElement activity, bool isCard)
    {
        if (!isCard)
        {
            var text = FakeJson.Text(activity, "text") ?? string.Empty;
            return (null, _keepContent ? text : text[(text.LastIndexOf('\n') + 1)..]);
        }

        var card = FakeJson.Field(FakeJson.Field(activity, "attachments")[0], "content");
        if (_keepContent)
        {
            return (card.GetRawText(), null);
        }

        var footer = FakeJson.Field(card, "body").EnumerateArray().Select(e => FakeJson.Text(e, "text")).LastOrDefault(t => t?.StartsWith("Access request ", StringComparison.Ordinal) == true);
        return (JsonSerializer.Serialize(new { type = "AdaptiveCard", version = "1.4", body = footer is null ? Array.Empty<object>() : [new { type = "TextBlock", text = footer }] }), null);
    }

    /// <summary>List messages in a chat: newest change first, after the filter's time, a page of <c>$top</c> at a time.</summary>
    private FakeResponse ChatMessages(FakeRequest request, string chat)
    {
        if (_noChatRead)
        {
            return Error(403, "Forbidden", "Missing role permissions on the request. API requires one of 'ChatMessage.Read.Chat, Chat.Read.All, Chat.ReadWrite.All'.");
        }

        if (!_byConversation.ContainsKey(chat) && !_conversations.ContainsKey(chat))
        {
            return Error(404, "NotFound", "Chat not found.");
        }

        var top = int.TryParse(request.QueryValue("$top"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 20;
        var filter = request.QueryValue("$filter");
        const string Prefix = "lastModifiedDateTime gt ";
        if (top is < 1 or > 50 || (filter is not null && (request.QueryValue("$orderby") != "lastModifiedDateTime desc" || !filter.StartsWith(Prefix, StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(filter[Prefix.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))))
        {
            return Error(400, "BadRequest", "Invalid query: $top is 1-50; $filter on lastModifiedDateTime gt needs $orderby=lastModifiedDateTime desc.");
        }

        var after = filter is null ? DateTimeOffset.MinValue : DateTimeOffset.Parse(filter[Prefix.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        List<string> ids;
        var log = _byConversation.GetOrAdd(chat, _ => []);
        lock (log)
        {
            ids = [.. log];
        }

        var matching = ids.Select(id => _activities[id]).Where(a => a.LastModified > after).OrderByDescending(a => a.LastModified).ThenByDescending(a => long.Parse(a.Id, CultureInfo.InvariantCulture)).ToList();
        var skip = int.TryParse(request.QueryValue("$skiptoken"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var page = matching.Skip(skip).Take(top).Select(a =>
        {
            var (cardJson, text) = _graphViews[a.Id];
            return new Dictionary<string, object?>
            {
                ["id"] = a.Id,
                ["messageType"] = "message",
                ["lastModifiedDateTime"] = a.LastModified.ToString("O", CultureInfo.InvariantCulture),
                ["from"] = new { application = new { id = AppId, displayName = "Teleport", applicationIdentityType = "bot" } },
                ["body"] = new { contentType = "html", content = cardJson is null ? "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>" : $"<attachment id=\"{a.Id}\"></attachment>" },
                ["attachments"] = cardJson is null ? Array.Empty<object>() : [new { id = a.Id, contentType = "application/vnd.microsoft.card.adaptive", content = cardJson }],
            };
        }).ToArray<object>();
        var body = new Dictionary<string, object> { ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#chats('{chat}')/messages", ["value"] = page };
        if (skip + top < matching.Count)
        {
            body["@odata.nextLink"] = new Uri(GraphUrl, $"chats/{Uri.EscapeDataString(chat)}/messages?$top={top}&$orderby=lastModifiedDateTime%20desc&$filter={Uri.EscapeDataString(filter ?? string.Empty)}&$skiptoken={skip + top}").ToString();
        }

        return FakeResponse.JsonBody(body);
    }

    /// <summary>
    /// A message activity's card (text blocks, the Open URL, the Approve and Deny buttons) or text; null when it is
    /// neither or a card element is not one Teams renders in that shape.
    /// </summary>
    private static (bool IsCard, string Text, Uri? Url, IReadOnlyList<string> Buttons)? Content(JsonElement body)
    {
        if (FakeJson.Text(body, "type") != "message")
        {
            return null;
        }

        if (FakeJson.Field(body, "attachments") is not { ValueKind: JsonValueKind.Array } attachments || attachments.GetArrayLength() == 0)
        {
            return FakeJson.Text(body, "text") is { Length: > 0 } text ? (false, text, null, []) : null;
        }

        var lines = new List<string>();
        var buttons = new List<string>();
        Uri? url = null;
        foreach (var attachment in attachments.EnumerateArray())
        {
            var card = FakeJson.Field(attachment, "content");
            if (FakeJson.Text(attachment, "contentType") != "application/vnd.microsoft.card.adaptive" || FakeJson.Text(card, "type") != "AdaptiveCard"
                || FakeJson.Text(card, "version") is not { } version || FakeJson.Field(card, "body") is not { ValueKind: JsonValueKind.Array } elements)
            {
                return null;
            }

            var inputs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in elements.EnumerateArray())
            {
                switch (FakeJson.Text(element, "type"))
                {
                    case "TextBlock" when FakeJson.Text(element, "text") is { } text:
                        lines.Add(text);
                        break;
                    case "Input.Text" when FakeJson.Text(element, "id") is { Length: > 0 } id && inputs.Add(id):
                        break;
                    default:
                        return null;
                }
            }

            if (FakeJson.Field(card, "actions") is { ValueKind: JsonValueKind.Array } actions)
            {
                foreach (var action in actions.EnumerateArray())
                {
                    switch (FakeJson.Text(action, "type"))
                    {
                        case "Action.OpenUrl" when Uri.TryCreate(FakeJson.Text(action, "url"), UriKind.Absolute, out var target):
                            url ??= target;
                            break;
                        case "Action.Execute" when IsReviewButton(action, version):
                            buttons.Add(FakeJson.Text(action, "title")!);
                            break;
                        default:
                            return null;
                    }
                }
            }
        }

        return lines.Count == 0 ? null : (true, string.Join('\n', lines), url, buttons);
    }

    /// <summary>
    /// An <c>Action.Execute</c> (Universal Actions need card version 1.4) with a title and a verb, whose data names the
    /// request and repeats the verb: what the adapter's messaging endpoint reads back from the click.
    /// </summary>
    private static bool IsReviewButton(JsonElement action, string version) =>
        Version.TryParse(version, out var parsed) && parsed >= new Version(1, 4)
        && FakeJson.Text(action, "title") is { Length: > 0 }
        && FakeJson.Text(action, "verb") is { Length: > 0 } verb
        && FakeJson.Field(action, "data") is { ValueKind: JsonValueKind.Object } data
        && FakeJson.Text(data, "request_id") is { Length: > 0 }
        && FakeJson.Text(data, "action") == verb;
}
