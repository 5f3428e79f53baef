using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
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
/// Neither the Connector nor Graph offers a documented way for this app to find an activity it sent again: the Connector
/// has no call that lists a conversation's activities, and Graph's <c>chats/{id}/messages</c> and channel messages
/// with application permissions are protected APIs that Microsoft must approve per app (and are metered). The Find
/// methods therefore find nothing, and a step resumed after a crash sends again: Teams is at least once after a crash
/// (README, "After a crash").
/// </remarks>
internal sealed class TeamsPlatform(
    TeamsOptions options,
    TeamsTokens tokens,
    RefitApi<IGraphApi> graph,
    RefitApi<IBotConnectorApi> bot,
    IReadOnlyList<string> preload,
    ILogger logger) : IChatPlatform, IDisposable
{
    private const string ToolName = "Teams";
    private const string AppExpand = "teamsApp";
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
        var sent = await SendAsync("send activity", target, () => bot.Api.SendAsync(target, TeamsCards.Activity(message), cancellationToken), cancellationToken);
        return new SentMessage(target, sent);
    }

    public Task ReplyAsync(SentMessage root, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        SendAsync("reply to activity", root.ChannelId, () => bot.Api.ReplyAsync(root.ChannelId, root.MessageId, TeamsCards.Text(text), cancellationToken), cancellationToken);

    public Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        SendAsync("update activity", message.ChannelId, () => bot.Api.UpdateAsync(message.ChannelId, message.MessageId, TeamsCards.Activity(content), cancellationToken), cancellationToken);

    public Task PostDirectAsync(string target, string text, ChatMarker marker, CancellationToken cancellationToken) =>
        SendAsync("send activity", target, () => bot.Api.SendAsync(target, TeamsCards.Text(text), cancellationToken), cancellationToken);

    // No documented lookup is open to this app (see the remarks): nothing is found, the item is sent again.
    public Task<SentMessage?> FindPostAsync(string target, ChatMarker marker, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<SentMessage?>(null);

    public Task<SentMessage?> FindReplyAsync(SentMessage root, ChatMarker marker, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<SentMessage?>(null);

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
        var activity = await SendAsync("send activity", target, () => bot.Api.SendAsync(target, TeamsCards.Activity(card), cancellationToken), cancellationToken);
        return $"{recipient}: {detail}; test card sent to conversation {target} as activity {activity}";
    }

    public void Dispose()
    {
        graph.Dispose();
        bot.Dispose();
        tokens.Dispose();
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
                await GraphCalls.SendAsync("install app for user", () => graph.Api.InstallForUserAsync(userId, request, cancellationToken), cancellationToken);
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

    /// <summary>A Graph read with a fresh token; a 404 answers null.</summary>
    private async Task<T?> GraphAsync<T>(string call, Func<Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        await tokens.GetAsync(TeamsTokens.GraphScope, cancellationToken);
        return await GraphCalls.FindAsync(call, send, cancellationToken);
    }

    /// <summary>A Connector call with a fresh token; the activity's ID.</summary>
    private async Task<string> SendAsync(string call, string conversationId, Func<Task<BotResourceResponse>> send, CancellationToken cancellationToken)
    {
        await tokens.GetAsync(TeamsTokens.BotScope, cancellationToken);
        var answer = await BotCalls.SendAsync(call, send, cancellationToken);
        return answer.Id ?? throw new TransientAdapterException($"Teams Bot Framework Connector {call} in conversation {conversationId} answered without an activity ID");
    }
}
