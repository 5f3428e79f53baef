using Refit;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The Microsoft Graph v1.0 calls the adapter makes, relative to <c>graph_url</c>; the token (audience
/// <c>https://graph.microsoft.com</c>) comes from the adapter's handler. Application permissions:
/// AppCatalog.Read.All, User.Read.All, TeamsAppInstallation.ReadWriteSelfForUser.All and, for channel recipients,
/// TeamsAppInstallation.ReadSelfForTeam.All; for exactly once after a crash, Chat.Read.All (list chat messages).
/// </summary>
internal interface IGraphApi
{
    [Get("/appCatalogs/teamsApps")]
    Task<GraphList<GraphTeamsApp>> ListCatalogAppsAsync([AliasAs("$filter")] string filter, CancellationToken cancellationToken);

    [Get("/users")]
    Task<GraphList<GraphUser>> FindUsersAsync([AliasAs("$filter")] string filter, CancellationToken cancellationToken);

    [Get("/users/{userId}")]
    Task<GraphUser> GetUserAsync(string userId, CancellationToken cancellationToken);

    [Get("/users/{userId}/teamwork/installedApps")]
    Task<GraphList<GraphInstallation>> ListUserAppsAsync(string userId, [AliasAs("$expand")] string expand, [AliasAs("$filter")] string filter, CancellationToken cancellationToken);

    /// <summary>Installs the app in the user's personal scope; Graph answers 201 (409 when it is already installed).</summary>
    [Post("/users/{userId}/teamwork/installedApps")]
    Task InstallForUserAsync(string userId, [Body] GraphInstallRequest request, CancellationToken cancellationToken);

    [Get("/users/{userId}/teamwork/installedApps/{installationId}/chat")]
    Task<GraphChat> GetInstallationChatAsync(string userId, string installationId, CancellationToken cancellationToken);

    /// <summary>
    /// List messages in a chat, newest change first: <c>$top</c> at most 50, <c>$filter</c> on
    /// <c>lastModifiedDateTime gt</c> with the same <c>$orderby</c>; the next page by the <c>$skiptoken</c> of its link.
    /// </summary>
    [Get("/chats/{chatId}/messages")]
    Task<GraphList<GraphChatMessage>> ListChatMessagesAsync(
        string chatId,
        [AliasAs("$top")] int top,
        [AliasAs("$orderby")] string orderBy,
        [AliasAs("$filter")] string filter,
        [AliasAs("$skiptoken")] string? skipToken,
        CancellationToken cancellationToken);

    [Get("/teams/{teamId}/installedApps")]
    Task<GraphList<GraphInstallation>> ListTeamAppsAsync(string teamId, [AliasAs("$expand")] string expand, [AliasAs("$filter")] string filter, CancellationToken cancellationToken);
}
