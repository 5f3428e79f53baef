using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// Teams' side of the chat lifecycle, as Teleport's Teams plugin does it: the app is looked up in the tenant's catalog
/// (Graph), each user recipient gets the app installed for them when needed and is reached in the app's 1:1 chat,
/// each channel recipient is reached in its conversation when the app is installed in its team. Every request message
/// is an Adaptive Card sent through the Bot Framework Connector and updated in place (Update Activity); a review is also
/// a reply (Reply to Activity). Tokens per audience come from <see cref="TeamsTokens"/>; 429 with Retry-After and 5xx
/// from Graph and the Connector are transient through <see cref="ToolCalls"/>, and resolved recipients are remembered.
/// </summary>
/// <remarks>
/// The Connector cannot list a conversation's activities, so a step resumed after a crash (contract 1.2) looks with
/// Graph's List messages in a chat (<c>chats/{id}/messages</c>, application permission Chat.Read.All), newest change
/// first from the lost attempt's claim: a card by its footer naming the request, a reply or the requester's message by
/// its last line (<see cref="TeamsCards"/>), each page's read retried within the step (<see cref="LookupReads"/>). The
/// message's ID is the activity's. Channel messages need Graph calls by
/// team and channel that this adapter does not make: a channel's item is sent again (at least once), with one warning.
/// </remarks>
internal sealed class TeamsPlatform(
    TeamsOptions options,
    TeamsTokens tokens,
    RefitApi<IGraphApi> graph,
    RefitApi<IBotConnectorApi> bot,
    IReadOnlyList<string> preload,
    ILogger logger,
    TimeProvider time) : IChatPlatform, IDisposable
{
    private const string ToolName = "Teams";
    private const string AppExpand = "teamsApp";
    private const int PageSize = 50;
    private static readonly ToolCalls GraphCalls = new("Microsoft Graph", ErrorCode);
    private static readonly ToolCalls BotCalls = new("Teams Bot Framework Connector", ErrorCode);
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private GraphTeamsApp? _app;

    public string Tool => ToolName;

    public ChatMarkup Markup => TeamsMarkup.Instance;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tokens.GetAsync(TeamsTokens.GraphScope, cancellationToken);
            await tokens.GetAsync(TeamsTokens.BotScope, cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            return AdapterHealth.Unhealthy($"no token for app {options.AppId} in tenant {options.TenantId}: {e.Message}; check [teams] app_id, app_secret and tenant_id");
        }

        var app = await CatalogAppAsync(cancellationToken);
        if (app is null)
        {
            return AdapterHealth.Unhealthy($"the Teams app {options.TeamsAppId} is not in the app catalog of tenant {options.TenantId}: upload the app (Teams admin center, Manage apps) or check [teams] teams_app_id");
        }

        var description = $"Teams app {app.DisplayName ?? app.Id} ({options.TeamsAppId}) found in the catalog of tenant {options.TenantId}";
        if (!options.Preload)
        {
            return AdapterHealth.Healthy(description);
        }

        var ready = 0;
        foreach (var recipient in preload)
        {
            try
            {
                var (target, detail) = await ResolveAsync(recipient, cancellationToken);
                if (target is null)
                {
                    TeamsLog.PreloadFailed(logger, recipient, detail);
                }
                else
                {
                    ready++;
                }
            }
            catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
            {
                TeamsLog.PreloadFailed(logger, recipient, e.Message);
            }
        }

        return AdapterHealth.Healthy($"{description}; preloaded {ready} of {preload.Count} recipient(s)");
    }

    public async Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken) =>
        (await ResolveAsync(recipient, cancellationToken)).Target;

    public async Task<SentMessage> PostAsync(string target, ChatMessage message, ChatMarker marker, CancellationToken cancellationToken)
    {
        var sent = await SendAsync("send activity", target, () => bot.Api.SendAsync(target, TeamsCards.Activity(message, options.Review.Enabled), cancellationToken), cancellationToken);
        return new SentMessage(target, sent);
    }

    public Task ReplyAsync(SentMessage root, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        SendAsync("reply to activity", root.ChannelId, () => bot.Api.ReplyAsync(root.ChannelId, root.MessageId, TeamsCards.Text(text, marker), cancellationToken), cancellationToken);

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        SendAsync("update activity", message.ChannelId, () => bot.Api.UpdateAsync(message.ChannelId, message.MessageId, TeamsCards.Activity(content, options.Review.Enabled), cancellationToken), cancellationToken);

    public Task PostDirectAsync(string target, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        SendAsync("send activity", target, () => bot.Api.SendAsync(target, TeamsCards.Text(text, marker), cancellationToken), cancellationToken);

    public Task<SentMessage?> FindPostAsync(string target, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken) =>
        FindAsync(target, marker, ResumeMarkers.SearchFrom(resumed), cancellationToken);

    // In a chat a reply is one more message of the chat; its marker names the review.
    public Task<SentMessage?> FindReplyAsync(SentMessage root, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken) =>
        FindAsync(root.ChannelId, marker, ResumeMarkers.SearchFrom(resumed), cancellationToken);

    /// <summary>Resolves <paramref name="recipient"/> and sends it a test card; what was found, or an exception saying why not.</summary>
    public async Task<string> CheckRecipientAsync(string recipient, CancellationToken cancellationToken)
    {
        var (target, detail) = await ResolveAsync(recipient, cancellationToken);
        if (target is null)
        {
            throw new PermanentAdapterException($"Teams cannot reach recipient {recipient}: {detail}");
        }

        var card = new ChatMessage(
            $"{Markup.Bold("Teleport Access Requests")}\nThis is a test message from teleport-plugins: Access Requests for {Markup.Escape(recipient)} will be posted here.",
            $"{Markup.Bold("Status")}: ✅ reachable");
        var activity = await SendAsync("send activity", target, () => bot.Api.SendAsync(target, TeamsCards.Activity(card, reviewButtons: false), cancellationToken), cancellationToken);
        return $"{recipient}: {detail}; test card sent to conversation {target} as activity {activity}";
    }

    public void Dispose()
    {
        graph.Dispose();
        bot.Dispose();
        tokens.Dispose();
    }

    /// <summary>Whether a chat message is the item <paramref name="marker"/> names: a card with the request's footer, or a text ending in its line.</summary>
    internal static bool IsMarked(GraphChatMessage message, ChatMarker marker)
    {
        if (!marker.IsRoot)
        {
            return message.Body?.Content is { } content && WebUtility.HtmlDecode(content).Contains(TeamsCards.MarkerLine(marker), StringComparison.Ordinal);
        }

        var footer = TeamsCards.Footer(marker.RequestId);
        foreach (var attachment in message.Attachments ?? [])
        {
            if (attachment.ContentType != BotAttachment.AdaptiveCardType || attachment.Content is null)
            {
                continue;
            }

            try
            {
                using var card = JsonDocument.Parse(attachment.Content);
                if (card.RootElement.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Array
                    && body.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() == footer))
                {
                    return true;
                }
            }
            catch (JsonException)
            {
                // Another app's card in another shape: not ours.
            }
        }

        return false;
    }

    private static string? ErrorCode(string body) => JsonSerializer.Deserialize(body, TeamsJsonContext.Default.GraphError)?.Error?.Code;

    /// <summary>An OData string literal: single quotes doubled.</summary>
    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>The conversation to post to and what was found, or null and why not; successes are remembered.</summary>
    private async Task<(string? Target, string Detail)> ResolveAsync(string recipient, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(recipient, out var known))
        {
            return (known, $"conversation {known} (resolved before)");
        }

        var parsed = TeamsRecipient.Parse(recipient);
        if (parsed is null)
        {
            return (null, "not an e-mail address, an Entra ID user ID or a Teams channel URL");
        }

        var app = await CatalogAppAsync(cancellationToken)
            ?? throw new PermanentAdapterException($"the Teams app {options.TeamsAppId} is not in the app catalog of tenant {options.TenantId}");
        var (target, detail) = parsed.Kind == TeamsRecipientKind.Channel
            ? await ResolveChannelAsync(parsed, app, cancellationToken)
            : await ResolveUserAsync(recipient, parsed, app, cancellationToken);
        if (target is not null)
        {
            _resolved[recipient] = target;
            TeamsLog.Resolved(logger, recipient, target, detail);
        }

        return (target, detail);
    }

    private async Task<(string? Target, string Detail)> ResolveChannelAsync(TeamsRecipient channel, GraphTeamsApp app, CancellationToken cancellationToken)
    {
        var teamId = channel.TeamId!;
        var installed = await GraphAsync("list team apps", () => graph.Api.ListTeamAppsAsync(teamId, AppExpand, $"teamsApp/id eq {Literal(app.Id)}", cancellationToken), cancellationToken);
        return installed?.Value is { Count: > 0 }
            ? (channel.Id, $"channel {channel.Id} of team {teamId}")
            : (null, $"the Teams app is not installed in team {teamId} (add it to the team)");
    }

    private async Task<(string? Target, string Detail)> ResolveUserAsync(string recipient, TeamsRecipient user, GraphTeamsApp app, CancellationToken cancellationToken)
    {
        string? userId;
        if (user.Kind == TeamsRecipientKind.UserId)
        {
            userId = (await GraphAsync("get user", () => graph.Api.GetUserAsync(user.Id, cancellationToken), cancellationToken))?.Id;
        }
        else
        {
            var found = await GraphAsync("find user", () => graph.Api.FindUsersAsync($"mail eq {Literal(user.Id)}", cancellationToken), cancellationToken);
            userId = found?.Value is [var first, ..] ? first.Id : null;
        }

        if (userId is null)
        {
            return (null, $"no user {user.Id} in tenant {options.TenantId}");
        }

        var installation = await UserInstallationAsync(userId, app, cancellationToken);
        var installedNow = false;
        if (installation is null)
        {
            var request = new GraphInstallRequest(new Uri(options.GraphUrl, $"appCatalogs/teamsApps/{app.Id}").ToString());
            try
            {
                await tokens.GetAsync(TeamsTokens.GraphScope, cancellationToken);
                await TokenRefusedIsTransient(() => GraphCalls.SendAsync("install app for user", () => graph.Api.InstallForUserAsync(userId, request, cancellationToken), cancellationToken));
                installedNow = true;
                TeamsLog.Installed(logger, userId, recipient);
            }
            catch (PermanentAdapterException e) when (e.Message.Contains("HTTP 409", StringComparison.Ordinal))
            {
                // Installed meanwhile (another replica, an administrator): the listing below finds it.
            }

            installation = await UserInstallationAsync(userId, app, cancellationToken);
            if (installation is null)
            {
                return (null, $"the Teams app could not be installed for user {userId}");
            }
        }

        var chat = await GraphAsync("get installation chat", () => graph.Api.GetInstallationChatAsync(userId, installation.Id, cancellationToken), cancellationToken);
        return chat is null
            ? (null, $"user {userId} has no chat with the Teams app")
            : (chat.Id, $"user {userId}{(installedNow ? ", app installed now" : ", app installed")}, 1:1 chat {chat.Id}");
    }

    private async Task<GraphInstallation?> UserInstallationAsync(string userId, GraphTeamsApp app, CancellationToken cancellationToken)
    {
        var list = await GraphAsync("list user apps", () => graph.Api.ListUserAppsAsync(userId, AppExpand, $"teamsApp/id eq {Literal(app.Id)}", cancellationToken), cancellationToken);
        return list?.Value is [var first, ..] ? first : null;
    }

    /// <summary>The app in the tenant's catalog by its manifest ID, remembered once found; null when it is not there.</summary>
    private async Task<GraphTeamsApp?> CatalogAppAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _app) is { } app)
        {
            return app;
        }

        var list = await GraphAsync("list catalog apps", () => graph.Api.ListCatalogAppsAsync($"externalId eq {Literal(options.TeamsAppId)}", cancellationToken), cancellationToken);
        app = list?.Value is [var found, ..] ? found : null;
        Volatile.Write(ref _app, app);
        return app;
    }

    /// <summary>The message in chat <paramref name="chatId"/>, changed after <paramref name="since"/>, that <paramref name="marker"/> names.</summary>
    private async Task<SentMessage?> FindAsync(string chatId, ChatMarker marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (IsChannel(chatId))
        {
            throw new PermanentAdapterException($"Teams channel {chatId}: the adapter does not look up channel messages, so a resumed step sends again");
        }

        var filter = $"lastModifiedDateTime gt {since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}";
        string? skipToken = null;
        do
        {
            var token = skipToken;
            var page = await LookupReads.RetryAsync(
                () => GraphAsync("list chat messages", () => graph.Api.ListChatMessagesAsync(chatId, PageSize, "lastModifiedDateTime desc", filter, token, cancellationToken), cancellationToken), time, cancellationToken);
            if (page?.Value?.FirstOrDefault(m => IsMarked(m, marker)) is { } found)
            {
                return new SentMessage(chatId, found.Id);
            }

            skipToken = page?.NextLink is { } next ? TeamsRecipient.QueryValue(next, "$skiptoken") : null;
        }
        while (skipToken is not null);

        return null;
    }

    /// <summary>Channel conversations end in <c>@thread.tacv2</c> or <c>@thread.skype</c>; 1:1 and group chats do not.</summary>
    private static bool IsChannel(string conversationId) =>
        conversationId.EndsWith("@thread.tacv2", StringComparison.OrdinalIgnoreCase) || conversationId.EndsWith("@thread.skype", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A 401 means the token was refused (revoked, or the clocks disagree on its expiry): <see cref="TeamsTokenHandler"/>
    /// has dropped it, so the step's retry asks for a new one; the call is transient, not given up.
    /// </summary>
    private static async Task TokenRefusedIsTransient(Func<Task> call) => await TokenRefusedIsTransient(async () =>
    {
        await call();
        return true;
    });

    private static async Task<T> TokenRefusedIsTransient<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (PermanentAdapterException e) when (e.Message.Contains("HTTP 401", StringComparison.Ordinal))
        {
            throw new TransientAdapterException($"{e.Message}; a new token is requested for the retry");
        }
    }

    /// <summary>A Graph read with a fresh token; a 404 answers null.</summary>
    private async Task<T?> GraphAsync<T>(string call, Func<Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        await tokens.GetAsync(TeamsTokens.GraphScope, cancellationToken);
        return await TokenRefusedIsTransient(() => GraphCalls.FindAsync(call, send, cancellationToken));
    }

    /// <summary>A Connector call with a fresh token; the activity's ID.</summary>
    private async Task<string> SendAsync(string call, string conversationId, Func<Task<BotResourceResponse>> send, CancellationToken cancellationToken)
    {
        await tokens.GetAsync(TeamsTokens.BotScope, cancellationToken);
        var answer = await TokenRefusedIsTransient(() => BotCalls.SendAsync(call, send, cancellationToken));
        return answer.Id ?? throw new TransientAdapterException($"Teams Bot Framework Connector {call} in conversation {conversationId} answered without an activity ID");
    }
}
