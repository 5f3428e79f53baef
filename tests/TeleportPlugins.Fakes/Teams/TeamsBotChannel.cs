using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TeleportPlugins.Fakes.Teams;

/// <summary>
/// The Bot Framework's side of calls to a bot's messaging endpoint, as its "Connector to bot" authentication documents
/// it: the OpenID metadata (<c>GET /botframework/v1/.well-known/openidconfiguration</c>, whose <c>jwks_uri</c> is
/// <c>GET /botframework/v1/.well-known/keys</c>: RSA keys with <c>kid</c> and the channels each is endorsed for), and
/// RS256 tokens (issuer <c>https://api.botframework.com</c>, audience the bot's app ID, <c>serviceUrl</c> claim) signed
/// with the fake's own key, which tests put in the <c>Authorization</c> header of an activity such as
/// <see cref="ClickActivity"/>. Tokens are made here by hand, independently of the library the adapter verifies with.
/// </summary>
public sealed class TeamsBotChannel : IDisposable
{
    /// <summary>The issuer of the Bot Framework's tokens.</summary>
    public const string Issuer = "https://api.botframework.com";

    private const string MetadataPath = "/botframework/v1/.well-known/openidconfiguration";
    private const string KeysPath = "/botframework/v1/.well-known/keys";
    private readonly Lock _lock = new();
    private readonly FakeApiServer _server;
    private readonly string _appId;
    private readonly Uri _serviceUrl;
    private RSA _key = RSA.Create(2048);
    private string _kid = "fake-botframework-key-1";
    private int _keyVersion = 1;
    private long _keyFetches;
    private long _activityCount;

    internal TeamsBotChannel(FakeApiServer server, string appId, Uri serviceUrl)
    {
        _server = server;
        _appId = appId;
        _serviceUrl = serviceUrl;
        server.Map("GET", MetadataPath, _ => FakeResponse.JsonBody(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = new Uri(server.BaseAddress, KeysPath.TrimStart('/')).ToString(),
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        server.Map("GET", KeysPath, _ => Keys());
    }

    /// <summary>The value for the adapter's <c>[teams.review] openid_metadata_url</c>.</summary>
    public Uri MetadataUrl => new(_server.BaseAddress, MetadataPath.TrimStart('/'));

    /// <summary>The service URL activities name (the fake Connector's).</summary>
    public Uri ServiceUrl => _serviceUrl;

    /// <summary>How many times the signing keys were fetched.</summary>
    public long KeyFetches => Interlocked.Read(ref _keyFetches);

    /// <summary>Replaces the signing key with a new one under a new key ID, as Microsoft rotates them.</summary>
    public void RotateKey()
    {
        lock (_lock)
        {
            _key.Dispose();
            _key = RSA.Create(2048);
            _keyVersion++;
            _kid = $"fake-botframework-key-{_keyVersion.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>A token as the Bot Framework sends it, valid from <paramref name="issuedAt"/> for an hour unless changed.</summary>
    /// <param name="issuedAt">When it was issued.</param>
    /// <param name="audience">The audience; the bot's app ID by default.</param>
    /// <param name="issuer">The issuer; the Bot Framework's by default.</param>
    /// <param name="serviceUrl">The <c>serviceUrl</c> claim; the fake Connector's by default.</param>
    /// <param name="lifetime">How long it is valid.</param>
    /// <param name="signWith">Another key to sign with (a forger's); the published key by default.</param>
    /// <returns>The compact JWT.</returns>
    public string Token(DateTimeOffset issuedAt, string? audience = null, string? issuer = null, string? serviceUrl = null, TimeSpan? lifetime = null, RSA? signWith = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["serviceUrl"] = serviceUrl ?? _serviceUrl.ToString(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
            ["iss"] = issuer ?? Issuer,
            ["aud"] = audience ?? _appId,
        };
        lock (_lock)
        {
            var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid = _kid, x5t = _kid, typ = "JWT" }));
            var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
            var signature = (signWith ?? _key).SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return $"{header}.{payload}.{Base64Url(signature)}";
        }
    }

    /// <summary>
    /// The invoke activity Teams sends when a user clicks an <c>Action.Execute</c> button of a card: type
    /// <c>invoke</c>, name <c>adaptiveCard/action</c>, the action's verb and data (with the card's inputs merged in).
    /// </summary>
    /// <param name="requestId">The button's <c>request_id</c>.</param>
    /// <param name="verb">The button's verb and data <c>action</c>: approve or deny.</param>
    /// <param name="aadObjectId">The clicking user's Entra ID object ID.</param>
    /// <param name="timestamp">When Teams sent it.</param>
    /// <param name="reason">What the user typed in the reason input.</param>
    /// <param name="activityId">The activity's ID; a new one by default.</param>
    /// <param name="serviceUrl">The activity's serviceUrl; the fake Connector's by default.</param>
    /// <returns>The activity's JSON.</returns>
    public byte[] ClickActivity(string requestId, string verb, string aadObjectId, DateTimeOffset timestamp, string reason = "", string? activityId = null, string? serviceUrl = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = activityId ?? $"f:{Interlocked.Increment(ref _activityCount).ToString(CultureInfo.InvariantCulture)}",
            ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["localTimestamp"] = timestamp.ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl ?? _serviceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new { id = "29:1" + aadObjectId.Replace("-", string.Empty, StringComparison.Ordinal), name = "Clicking User", aadObjectId },
            ["conversation"] = new { conversationType = "personal", tenantId = "tenant", id = "a:1conversation" },
            ["recipient"] = new { id = "28:" + _appId, name = "Teleport" },
            ["entities"] = Array.Empty<object>(),
            ["channelData"] = new { tenant = new { id = "tenant" }, source = new { name = "message" } },
            ["replyToId"] = "1765000000001",
            ["value"] = new
            {
                action = new Dictionary<string, object>
                {
                    ["type"] = "Action.Execute",
                    ["title"] = verb == "approve" ? "Approve" : "Deny",
                    ["verb"] = verb,
                    ["data"] = new Dictionary<string, string> { ["request_id"] = requestId, ["action"] = verb, ["reason"] = reason },
                },
                trigger = "manual",
            },
            ["locale"] = "en-US",
        });

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _key.Dispose();
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private FakeResponse Keys()
    {
        Interlocked.Increment(ref _keyFetches);
        lock (_lock)
        {
            var parameters = _key.ExportParameters(includePrivateParameters: false);
            return FakeResponse.JsonBody(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", kid = _kid, x5t = _kid, n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!), endorsements = new[] { "msteams", "webchat" } },
                },
            });
        }
    }
}
