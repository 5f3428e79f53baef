using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Adapters.Common.Refit;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// Client-credentials tokens from the Microsoft identity platform, one per audience (Graph, Bot Framework). The
/// platform issues no refresh token for this grant, so a token is requested again before the cached one expires: a
/// minute early (half its life when it lives less than two), so no call ever goes out with an expired token and none
/// waits for a gap. Concurrent callers share one request. Failures name the tenant and the app, never the secret, and
/// are transient: a step waits for credentials that work rather than losing its recipients.
/// </summary>
internal sealed class TeamsTokens(RefitApi<ITeamsLoginApi> login, TeamsOptions options, TimeProvider timeProvider) : IDisposable
{
    /// <summary>Microsoft Graph's audience.</summary>
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>The Bot Framework Connector's audience.</summary>
    public const string BotScope = "https://api.botframework.com/.default";

    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(1);
    private static readonly ToolCalls Calls = new("Microsoft identity platform", ErrorDetail);
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A valid token for <paramref name="scope"/>, requested when the cached one is due for refresh.</summary>
    public async Task<string> GetAsync(string scope, CancellationToken cancellationToken)
    {
        if (Fresh(scope) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh(scope) ?? await RequestAsync(scope, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> when the API refused it (revoked, rotated), so the next call asks for another.</summary>
    public void Invalidate(string scope, string token)
    {
        if (_cache.TryGetValue(scope, out var entry) && entry.Token == token)
        {
            _cache.TryRemove(new KeyValuePair<string, Entry>(scope, entry));
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        login.Dispose();
    }

    private static string? ErrorDetail(string body)
    {
        var error = JsonSerializer.Deserialize(body, TeamsJsonContext.Default.TeamsTokenError);
        return error?.Error is null
            ? null
            : error.ErrorCodes is [var code, ..] ? string.Create(CultureInfo.InvariantCulture, $"{error.Error}, AADSTS{code}") : error.Error;
    }

    private string? Fresh(string scope) =>
        _cache.TryGetValue(scope, out var entry) && timeProvider.GetUtcNow() < entry.RefreshAt ? entry.Token : null;

    private async Task<string> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.AppId,
            ["client_secret"] = options.AppSecret,
            ["scope"] = scope,
        };
        var requested = timeProvider.GetUtcNow();
        TeamsToken answer;
        try
        {
            answer = await Calls.SendAsync(
                $"token request for app {options.AppId} in tenant {options.TenantId} ({scope})",
                () => login.Api.GetTokenAsync(options.TenantId, form, cancellationToken),
                cancellationToken);
        }
        catch (Contracts.PermanentAdapterException e)
        {
            // A refused secret (rotated, expired) stops every step; retried, the steps go through once it is fixed,
            // instead of each dropping its recipients. The health check reports it as unhealthy all the same.
            throw new Contracts.TransientAdapterException(e.Message);
        }

        if (string.IsNullOrEmpty(answer.AccessToken) || answer.ExpiresIn <= 0)
        {
            throw new Contracts.TransientAdapterException($"Microsoft identity platform answered a token request for app {options.AppId} in tenant {options.TenantId} without a token or lifetime");
        }

        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        var early = lifetime < 2 * RefreshBefore ? lifetime / 2 : RefreshBefore;
        _cache[scope] = new Entry(answer.AccessToken, requested + lifetime - early);
        return answer.AccessToken;
    }

    private sealed record Entry(string Token, DateTimeOffset RefreshAt);
}
