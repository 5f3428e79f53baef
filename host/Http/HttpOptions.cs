using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Http;

/// <summary>The <c>[http]</c> section: the listener for adapters' webhooks, the health endpoints and the metrics.</summary>
internal sealed class HttpOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "http";

    /// <summary><c>host:port</c>, <c>:port</c> for every interface (the anchors' default <c>:8081</c>), or empty to disable the listener.</summary>
    [ConfigurationKeyName("listen_addr")]
    public string ListenAddress { get; set; } = ":8081";

    /// <summary>A PEM certificate (chain) to serve HTTPS; needs <see cref="KeyFile"/>.</summary>
    [ConfigurationKeyName("https_cert_file")]
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>.</summary>
    [ConfigurationKeyName("https_key_file")]
    public string? KeyFile { get; set; }

    /// <summary>Basic authentication required on adapters' routes (not on the health and metrics endpoints).</summary>
    [ConfigurationKeyName("basic_auth")]
    public BasicAuthOptions? BasicAuth { get; set; }

    /// <summary>The largest request body accepted; larger ones get 413 before any adapter sees them.</summary>
    [ConfigurationKeyName("max_body_bytes")]
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether <c>GET /metrics</c> answers, in the Prometheus text format; when off it is a 404 like any unknown path.</summary>
    [ConfigurationKeyName("metrics")]
    public bool Metrics { get; set; } = true;

    /// <summary>Whether the listener is on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ListenAddress);

    /// <summary>The endpoint to bind: <c>:8081</c> means every interface.</summary>
    /// <returns>The endpoint.</returns>
    public IPEndPoint ParseEndpoint()
    {
        var colon = ListenAddress.LastIndexOf(':');
        var host = colon <= 0 ? string.Empty : ListenAddress[..colon].Trim('[', ']');
        var port = int.Parse(ListenAddress[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var address = host.Length == 0 ? IPAddress.IPv6Any
            : host == "localhost" ? IPAddress.Loopback
            : IPAddress.Parse(host);
        return new IPEndPoint(address, port);
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled)
        {
            var colon = ListenAddress.LastIndexOf(':');
            var host = colon <= 0 ? string.Empty : ListenAddress[..colon].Trim('[', ']');
            if (colon < 0 || !ushort.TryParse(ListenAddress[(colon + 1)..], out _)
                || (host.Length > 0 && host != "localhost" && !IPAddress.TryParse(host, out _)))
            {
                yield return new ValidationResult("must be host:port, :port (every interface) or empty (no listener), with an IP address or localhost as host", [nameof(ListenAddress)]);
            }
        }

        if (string.IsNullOrWhiteSpace(CertificateFile) != string.IsNullOrWhiteSpace(KeyFile))
        {
            yield return new ValidationResult("https_cert_file and https_key_file go together", [string.IsNullOrWhiteSpace(CertificateFile) ? nameof(CertificateFile) : nameof(KeyFile)]);
        }
    }

    /// <summary><c>[http.basic_auth]</c>.</summary>
    internal sealed class BasicAuthOptions
    {
        /// <summary>The user name.</summary>
        [Required]
        [ConfigurationKeyName("user")]
        public string User { get; set; } = string.Empty;

        /// <summary>The password, or an absolute path to a file holding it.</summary>
        [Required]
        [Secret]
        [ConfigurationKeyName("password")]
        public string Password { get; set; } = string.Empty;
    }
}
