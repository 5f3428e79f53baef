using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie;

/// <summary>The <c>[opsgenie]</c> section.</summary>
public sealed class OpsgenieOptions : IValidatableObject
{
    private static readonly Uri UsApi = new("https://api.opsgenie.com/");
    private static readonly Uri EuApi = new("https://api.eu.opsgenie.com/");

    /// <summary>The API integration key, inline or as an absolute path to a file.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("api_key")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary><c>us</c>, <c>eu</c> (EU accounts must use the EU host) or a base URL.</summary>
    [ConfigurationKeyName("api_host")]
    public string ApiHost { get; set; } = "us";

    /// <summary>Schedules notified when a request has no notify annotation.</summary>
    [ConfigurationKeyName("default_schedules")]
    public List<string> DefaultSchedules { get; set; } = [];

    /// <summary>Teams notified when a request has no teams annotation.</summary>
    [ConfigurationKeyName("default_teams")]
    public List<string> DefaultTeams { get; set; } = [];

    /// <summary>The alerts' priority, P1 to P5.</summary>
    [ConfigurationKeyName("priority")]
    public string Priority { get; set; } = "P3";

    /// <summary>How long one creation step waits for Opsgenie to process the alert before it is retried.</summary>
    [ConfigurationKeyName("alert_poll_timeout")]
    public TimeSpan AlertPollTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Which annotations name schedules and teams.</summary>
    [ConfigurationKeyName("request_annotations")]
    public OpsgenieRequestAnnotations RequestAnnotations { get; set; } = new();

    /// <summary>The API base URL <see cref="ApiHost"/> stands for, or null when it is not valid.</summary>
    public Uri? ApiBaseUrl => ApiHost.Trim().ToUpperInvariant() switch
    {
        "US" => UsApi,
        "EU" => EuApi,
        _ when Uri.TryCreate(ApiHost, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"),
        _ => null,
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiBaseUrl is null)
        {
            yield return new ValidationResult($"expected \"us\", \"eu\" or an http(s) URL, got '{ApiHost}'", [nameof(ApiHost)]);
        }

        if (Priority is not ("P1" or "P2" or "P3" or "P4" or "P5"))
        {
            yield return new ValidationResult($"expected one of P1, P2, P3, P4, P5, got '{Priority}'", [nameof(Priority)]);
        }

        if (AlertPollTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive, e.g. \"2m\"", [nameof(AlertPollTimeout)]);
        }

        if (DefaultSchedules.Concat(DefaultTeams).Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("schedule and team names must not be empty", [DefaultSchedules.Any(string.IsNullOrWhiteSpace) ? nameof(DefaultSchedules) : nameof(DefaultTeams)]);
        }
    }
}
