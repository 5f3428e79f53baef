using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// Verifies the bearer token the Bot Framework sends with every activity to the bot's messaging endpoint, as its
/// "Connector to bot" authentication requires: an RS256 JWT signed by a key listed at the <c>jwks_uri</c> of the OpenID
/// metadata, issuer <c>https://api.botframework.com</c>, audience the bot's app ID, within its lifetime give or take 5
/// minutes, with a <c>serviceUrl</c> claim. Only the token is read here; the activity is parsed after it verified.
/// </summary>
/// <remarks>
/// Microsoft.IdentityModel checks the signature, issuer and audience; the lifetime is checked on the adapter's
/// <see cref="TimeProvider"/>. Keys are cached for a day (the Bot Framework SDK keeps them for days; Microsoft rotates
/// them rarely); a token naming an unknown key fetches them again, at most once per 5 minutes, so forged tokens with
/// made-up key IDs cannot make the adapter hammer the metadata endpoint.
/// </remarks>
internal sealed class BotFrameworkTokens(HttpClient http, TeamsOptions options, TimeProvider time) : IDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RefreshAtMostEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan KeysLifetime = TimeSpan.FromDays(1);
    private const string BearerPrefix = "Bearer ";
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile SigningKeys? _keys;
    private long _lastFetchTicks = DateTimeOffset.MinValue.UtcTicks;

    public async Task<BotTokenCheck> VerifyAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.Ordinal) || authorization.Length == BearerPrefix.Length)
        {
            return BotTokenCheck.Refused("no Bearer token");
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        JsonWebToken parsed;
        try
        {
            parsed = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return BotTokenCheck.Refused("not a JWT");
        }

        if (parsed.Alg != SecurityAlgorithms.RsaSha256 || string.IsNullOrEmpty(parsed.Kid))
        {
            return BotTokenCheck.Refused("not an RS256 token naming its key");
        }

        SigningKeys keys;
        try
        {
            keys = await KeysAsync(parsed.Kid, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or ArgumentException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new BotTokenCheck(BotTokenVerdict.KeysUnavailable, $"the Bot Framework's signing keys could not be fetched from {options.Review.OpenIdMetadataUrl}: {e.GetType().Name}", null, []);
        }

        if (!keys.ByKid.TryGetValue(parsed.Kid, out var key))
        {
            return BotTokenCheck.Refused("signed with a key the Bot Framework does not publish");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = options.AppId,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = WithinLifetime,
        });
        if (!result.IsValid)
        {
            return BotTokenCheck.Refused($"the token did not verify ({result.Exception?.GetType().Name ?? "invalid"})");
        }

        return result.Claims.TryGetValue("serviceUrl", out var serviceUrl) && serviceUrl is string { Length: > 0 } url
            ? new BotTokenCheck(BotTokenVerdict.Valid, string.Empty, url, key.Endorsements)
            : BotTokenCheck.Refused("the token has no serviceUrl claim");
    }

    public void Dispose() => _gate.Dispose();

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } end && now <= end + ClockSkew && (notBefore is not { } start || now >= start - ClockSkew);
    }

    private async Task<SigningKeys> KeysAsync(string kid, CancellationToken cancellationToken)
    {
        if (_keys is { } cached && !Due(cached, kid))
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_keys is { } again && !Due(again, kid))
            {
                return again;
            }

            var fetched = await FetchAsync(cancellationToken);
            _keys = fetched;
            return fetched;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether to fetch the keys: none yet, a day old, or an unknown key named and no fetch in the last 5 minutes.</summary>
    private bool Due(SigningKeys keys, string kid)
    {
        var now = time.GetUtcNow();
        var lastFetch = new DateTimeOffset(Interlocked.Read(ref _lastFetchTicks), TimeSpan.Zero);
        return now - keys.Fetched >= KeysLifetime || (!keys.ByKid.ContainsKey(kid) && now - lastFetch >= RefreshAtMostEvery);
    }

    // Two plain GETs of public documents without credentials; not worth a Refit interface for absolute URLs.
    private async Task<SigningKeys> FetchAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        Interlocked.Exchange(ref _lastFetchTicks, started.UtcTicks);
        var metadata = JsonSerializer.Deserialize(await GetAsync(options.Review.OpenIdMetadataUrl, cancellationToken), TeamsJsonContext.Default.BotOpenIdMetadata);
        var jwksUri = metadata?.JwksUri is { IsAbsoluteUri: true } uri ? uri : throw new InvalidOperationException("the OpenID metadata has no jwks_uri");
        var json = await GetAsync(jwksUri, cancellationToken);
        var set = new JsonWebKeySet(json);
        var endorsements = Endorsements(json);
        var byKid = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var key in set.Keys.Where(k => k.Kty == JsonWebAlgorithmsKeyTypes.RSA && !string.IsNullOrEmpty(k.Kid)))
        {
            byKid[key.Kid] = new SigningKey(key, endorsements.GetValueOrDefault(key.Kid, []));
        }

        return new SigningKeys(byKid, started);
    }

    private async Task<string> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The Bot Framework's own <c>endorsements</c> of each key: the channel IDs it may sign for.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Endorsements(string jwks)
    {
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwks);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.Object && key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                found[kid.GetString()!] = [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            }
        }

        return found;
    }

    private sealed record SigningKey(JsonWebKey Key, IReadOnlyList<string> Endorsements);

    private sealed record SigningKeys(IReadOnlyDictionary<string, SigningKey> ByKid, DateTimeOffset Fetched);
}
