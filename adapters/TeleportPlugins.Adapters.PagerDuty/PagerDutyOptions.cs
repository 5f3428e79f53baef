using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>The <c>[pagerduty]</c> section (the anchor's key names).</summary>
public sealed class PagerDutyOptions : IValidatableObject
{
    /// <summary>The REST API key, inline or as an absolute path to a file.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("api_key")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The e-mail of a valid PagerDuty user, sent as <c>From</c> on writes.</summary>
    [Required]
    [ConfigurationKeyName("user_email")]
    public string UserEmail { get; set; } = string.Empty;

    /// <summary>The REST API's base URL.</summary>
    [ConfigurationKeyName("api_url")]
    public Uri ApiUrl { get; set; } = new("https://api.pagerduty.com/");

    /// <summary>Which annotations name the services.</summary>
    [ConfigurationKeyName("request_annotations")]
    public PagerDutyRequestAnnotations RequestAnnotations { get; set; } = new();

    /// <summary>Approve and Deny from the incident (<c>[pagerduty.review]</c>), off by default.</summary>
    [ConfigurationKeyName("review")]
    public PagerDutyReviewOptions Review { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UserEmail.Length > 0 && (UserEmail.IndexOf('@', StringComparison.Ordinal) is <= 0 || UserEmail.EndsWith('@')))
        {
            yield return new ValidationResult($"'{UserEmail}' is not an e-mail address; PagerDuty needs a user's e-mail as From", [nameof(UserEmail)]);
        }

        if (ApiUrl is null || !ApiUrl.IsAbsoluteUri || (ApiUrl.Scheme != Uri.UriSchemeHttps && ApiUrl.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("must be an absolute http(s) URL such as https://api.pagerduty.com", [nameof(ApiUrl)]);
        }
    }
}
