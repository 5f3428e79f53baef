using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The <c>[gitlab]</c> section; key names follow Teleport's former GitLab plugin.</summary>
public sealed class GitLabOptions : IValidatableObject
{
    /// <summary>The GitLab base URL; the REST API v4 lives below it.</summary>
    [ConfigurationKeyName("url")]
    public Uri Url { get; set; } = new("https://gitlab.com");

    /// <summary>An access token with the <c>api</c> scope.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;

    /// <summary>The project's numeric ID or its <c>namespace/project</c> path.</summary>
    [Required]
    [ConfigurationKeyName("project_id")]
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>Whether labelling an issue Approved or Denied in GitLab resolves the request (off by default).</summary>
    [ConfigurationKeyName("webhook_enabled")]
    public bool WebhookEnabled { get; set; }

    /// <summary>The project webhook's secret token, sent back in <c>X-Gitlab-Token</c>.</summary>
    [Secret]
    [ConfigurationKeyName("webhook_secret")]
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>How many times the issue is read until GitLab's API shows the label change.</summary>
    [Range(1, 60)]
    [ConfigurationKeyName("webhook_confirm_attempts")]
    public int WebhookConfirmAttempts { get; set; } = 5;

    /// <summary>The wait between those reads.</summary>
    [ConfigurationKeyName("webhook_confirm_interval")]
    public TimeSpan WebhookConfirmInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ServiceUrl.IsSecure(Url))
        {
            yield return new ValidationResult(ServiceUrl.InsecureMessage, [nameof(Url)]);
        }

        if (WebhookEnabled && WebhookSecret.Length == 0)
        {
            yield return new ValidationResult("webhook_enabled needs webhook_secret (GitLab's secret token)", [nameof(WebhookEnabled)]);
        }

        if (WebhookConfirmInterval < TimeSpan.Zero || WebhookConfirmInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("must be between 0s and 1m", [nameof(WebhookConfirmInterval)]);
        }
    }

    /// <summary>The API root, <c>.../api/v4/</c>.</summary>
    internal Uri ApiBase => new(Url.AbsoluteUri.TrimEnd('/') + "/api/v4/");
}
