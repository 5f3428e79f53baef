using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Datadog;

/// <summary>The <c>[datadog]</c> section (the anchor's key names).</summary>
public sealed class DatadogOptions : IValidatableObject
{
    /// <summary>The incident severities Datadog ships with; <c>UNKNOWN</c> is Datadog's default.</summary>
    public static readonly IReadOnlyList<string> Severities = ["SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5", "UNKNOWN"];

    /// <summary>The <c>api.</c> host of the user's Datadog site, e.g. <c>https://api.datadoghq.eu</c>.</summary>
    [ConfigurationKeyName("api_endpoint")]
    public string ApiEndpoint { get; set; } = "https://api.datadoghq.com";

    /// <summary>The API key (<c>DD-API-KEY</c>), inline or as an absolute path to a file.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("api_key")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The application key (<c>DD-APPLICATION-KEY</c>), inline or as an absolute path to a file.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("application_key")]
    public string ApplicationKey { get; set; } = string.Empty;

    /// <summary>The incidents' severity, one of <see cref="Severities"/>.</summary>
    [ConfigurationKeyName("severity")]
    public string Severity { get; set; } = "SEV-3";

    /// <summary>Recipients per role for this adapter; when empty the top-level <c>[role_to_recipients]</c> applies.</summary>
    [ConfigurationKeyName("role_to_recipients")]
    public RoleToRecipients RoleToRecipients { get; set; } = RoleToRecipients.Empty;

    /// <summary>Which annotation names the on-call teams.</summary>
    [ConfigurationKeyName("request_annotations")]
    public DatadogRequestAnnotations RequestAnnotations { get; set; } = new();

    /// <summary>
    /// The API base URL <see cref="ApiEndpoint"/> stands for, or null when it is not valid: https, the <c>api.</c>
    /// host of a site and no path (http only for a loopback address, as tests and local fakes use).
    /// </summary>
    public Uri? ApiBaseUrl =>
        Uri.TryCreate(ApiEndpoint?.Trim(), UriKind.Absolute, out var url) && ServiceUrl.IsSecure(url)
        && (url.IsLoopback || url.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase))
        && url.AbsolutePath == "/" && url.Query.Length == 0
            ? new Uri(url.GetLeftPart(UriPartial.Authority) + "/")
            : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiBaseUrl is null)
        {
            yield return new ValidationResult(
                $"expected the https:// api. host of your Datadog site without a path, e.g. https://api.datadoghq.com or https://api.datadoghq.eu, got '{ApiEndpoint}'",
                [nameof(ApiEndpoint)]);
        }

        if (!Severities.Contains(Severity, StringComparer.Ordinal))
        {
            yield return new ValidationResult($"expected one of {string.Join(", ", Severities)}, got '{Severity}'", [nameof(Severity)]);
        }
    }
}
