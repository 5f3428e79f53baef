using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Teleport;

/// <summary>The <c>[teleport]</c> section, with the anchor plugins' keys and meanings.</summary>
internal sealed class TeleportOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "teleport";

    /// <summary>Auth Service (<c>host:3025</c>) or Proxy (<c>host:443</c>) address.</summary>
    [ConfigurationKeyName("addr")]
    public string Addr { get; set; } = "localhost:3025";

    /// <summary>Deprecated alias of <see cref="Addr"/>, kept for old configurations.</summary>
    [ConfigurationKeyName("auth_server")]
    public string? AuthServer { get; set; }

    /// <summary>An identity file (<c>tctl auth sign --format=file</c>) or a Machine ID (tbot) output directory.</summary>
    [ConfigurationKeyName("identity")]
    public string? Identity { get; set; }

    /// <summary>Reload the identity when its files change (tbot renews certificates every 20 minutes).</summary>
    [ConfigurationKeyName("refresh_identity")]
    public bool RefreshIdentity { get; set; }

    /// <summary>How often to look for a renewed identity.</summary>
    [ConfigurationKeyName("refresh_identity_interval")]
    public TimeSpan RefreshIdentityInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Private key of the <c>--format=tls</c> form.</summary>
    [ConfigurationKeyName("client_key")]
    public string? ClientKey { get; set; }

    /// <summary>Certificate of the <c>--format=tls</c> form.</summary>
    [ConfigurationKeyName("client_crt")]
    public string? ClientCrt { get; set; }

    /// <summary>Cluster CA certificates of the <c>--format=tls</c> form.</summary>
    [ConfigurationKeyName("root_cas")]
    public string? RootCas { get; set; }

    /// <summary>
    /// Reach the Auth Service through the Proxy's TLS routing (ALPN <c>teleport-auth@…</c>) instead of dialing it directly.
    /// Unset: TLS routing when <see cref="Addr"/>'s port is 443 or 3080 (the Proxy's web ports), direct otherwise.
    /// </summary>
    [ConfigurationKeyName("tls_routing")]
    public bool? TlsRouting { get; set; }

    /// <summary>How long one connection attempt (TCP and TLS handshake) may take.</summary>
    [ConfigurationKeyName("dial_timeout")]
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Exit at start when the cluster cannot be reached, instead of retrying with backoff (the anchor plugins'
    /// <c>TELEPORT_PLUGIN_FAIL_FAST</c>), for supervisors that prefer to restart the process.
    /// </summary>
    [ConfigurationKeyName("fail_fast")]
    public bool FailFast { get; set; }

    /// <summary>The address to dial: <see cref="Addr"/>, or the deprecated <see cref="AuthServer"/> when only it is set.</summary>
    public string EffectiveAddress => string.IsNullOrWhiteSpace(AuthServer) || Addr != "localhost:3025" ? Addr : AuthServer;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        (string Key, string? Value)[] keyPair = [("client_key", ClientKey), ("client_crt", ClientCrt), ("root_cas", RootCas)];
        var given = keyPair.Where(k => !string.IsNullOrWhiteSpace(k.Value)).Select(k => k.Key).ToArray();
        if (given.Length is > 0 and < 3)
        {
            var missing = keyPair.Select(k => k.Key).Except(given);
            yield return new ValidationResult(
                $"{string.Join(", ", given)} given but {string.Join(", ", missing)} missing: the TLS form needs all three",
                [given[0]]);
        }

        if (!string.IsNullOrWhiteSpace(Identity) && given.Length > 0)
        {
            yield return new ValidationResult("identity and client_key/client_crt/root_cas exclude each other", ["identity"]);
        }

        if (string.IsNullOrWhiteSpace(Identity) && given.Length == 0)
        {
            yield return new ValidationResult("either identity or client_key, client_crt and root_cas is required", ["identity"]);
        }

        if (RefreshIdentity && string.IsNullOrWhiteSpace(Identity))
        {
            yield return new ValidationResult("refresh_identity needs identity", ["refresh_identity"]);
        }

        if (RefreshIdentityInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be a positive duration such as \"00:01:00\"", ["refresh_identity_interval"]);
        }

        if (DialTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be a positive duration such as \"00:00:10\"", ["dial_timeout"]);
        }

        if (string.IsNullOrWhiteSpace(EffectiveAddress) || !EffectiveAddress.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("must be host:port", ["addr"]);
        }
    }
}
