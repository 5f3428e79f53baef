using Refit;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>The Microsoft identity platform v2.0 token endpoint, relative to <c>login_url</c>.</summary>
internal interface ITeamsLoginApi
{
    /// <summary>Client credentials: <c>grant_type</c>, <c>client_id</c>, <c>client_secret</c>, <c>scope</c> as a form.</summary>
    [Post("/{tenant}/oauth2/v2.0/token")]
    Task<TeamsToken> GetTokenAsync(string tenant, [Body(BodySerializationMethod.UrlEncoded)] IDictionary<string, string> form, CancellationToken cancellationToken);
}
