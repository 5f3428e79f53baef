using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The <c>[gitlab]</c> section; key names follow Teleport's former GitLab plugin.</summary>
public sealed partial class GitLabOptions : IValidatableObject
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

    /// <summary>
    /// The projects (IDs or <c>namespace/project</c> paths, written as the rules write them) Access Monitoring Rules may
    /// route issues to; empty admits every project the token can reach. A routed project outside the list falls back to
    /// <see cref="ProjectId"/>.
    /// </summary>
    [ConfigurationKeyName("allowed_projects")]
    public List<string> AllowedProjects { get; set; } = [];

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

        foreach (var project in AllowedProjects.Where(p => !IsProjectReference(p)))
        {
            yield return new ValidationResult($"'{project}' is neither a project ID nor a namespace/project path", [nameof(AllowedProjects)]);
        }

        if (WebhookConfirmInterval < TimeSpan.Zero || WebhookConfirmInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("must be between 0s and 1m", [nameof(WebhookConfirmInterval)]);
        }
    }

    /// <summary>Whether <paramref name="text"/> is a project ID or a <c>namespace/project</c> path.</summary>
    internal static bool IsProjectReference(string text) => ProjectReference().IsMatch(text);

    /// <summary>The API root, <c>.../api/v4/</c>.</summary>
    internal Uri ApiBase => new(Url.AbsoluteUri.TrimEnd('/') + "/api/v4/");

    // A numeric ID, or a path of at least a namespace and a project (subgroups allowed), without spaces or empty segments.
    [GeneratedRegex(@"^([0-9]+|[^/\s]+(/[^/\s]+)+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectReference();
}
