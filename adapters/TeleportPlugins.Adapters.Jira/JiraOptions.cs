using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The <c>[jira]</c> section; key names follow Teleport's Jira plugin where it has them.</summary>
public sealed partial class JiraOptions : IValidatableObject
{
    /// <summary>The Jira base URL (Cloud site or Data Center); the REST API lives below it.</summary>
    [Required]
    [ConfigurationKeyName("url")]
    public Uri? Url { get; set; }

    /// <summary>Basic (Cloud, legacy Server) or Bearer (Data Center personal access token).</summary>
    [ConfigurationKeyName("auth")]
    public JiraAuthMethod Auth { get; set; } = JiraAuthMethod.Basic;

    /// <summary>The Cloud account e-mail or Server user name; required for Basic.</summary>
    [ConfigurationKeyName("username")]
    public string Username { get; set; } = string.Empty;

    /// <summary>The API token, password or personal access token.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("api_token")]
    public string ApiToken { get; set; } = string.Empty;

    /// <summary>The key of the project issues are created in.</summary>
    [Required]
    [ConfigurationKeyName("project")]
    public string Project { get; set; } = string.Empty;

    /// <summary>
    /// The projects Access Monitoring Rules may route issues to (a routed recipient is a project key); empty admits
    /// every project the account can create issues in. A routed project outside the list falls back to <see cref="Project"/>.
    /// </summary>
    [ConfigurationKeyName("allowed_projects")]
    public List<string> AllowedProjects { get; set; } = [];

    /// <summary>The issue type of new issues.</summary>
    [Required]
    [ConfigurationKeyName("issue_type")]
    public string IssueType { get; set; } = "Task";

    /// <summary>Whether moving an issue to Approved or Denied in Jira resolves the request (off by default).</summary>
    [ConfigurationKeyName("webhook_enabled")]
    public bool WebhookEnabled { get; set; }

    /// <summary>The webhook secret Jira signs deliveries with (<c>X-Hub-Signature</c>).</summary>
    [Secret]
    [ConfigurationKeyName("webhook_secret")]
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>The Basic auth user Jira sends when no secret is configured.</summary>
    [ConfigurationKeyName("webhook_user")]
    public string WebhookUser { get; set; } = string.Empty;

    /// <summary>The Basic auth password Jira sends when no secret is configured.</summary>
    [Secret]
    [ConfigurationKeyName("webhook_password")]
    public string WebhookPassword { get; set; } = string.Empty;

    /// <summary>How many times the issue is read until its status agrees with the webhook.</summary>
    [Range(1, 60)]
    [ConfigurationKeyName("webhook_confirm_attempts")]
    public int WebhookConfirmAttempts { get; set; } = 5;

    /// <summary>The wait between those reads.</summary>
    [ConfigurationKeyName("webhook_confirm_interval")]
    public TimeSpan WebhookConfirmInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { } url && !ServiceUrl.IsSecure(url))
        {
            yield return new ValidationResult(ServiceUrl.InsecureMessage, [nameof(Url)]);
        }

        if (Auth == JiraAuthMethod.Basic && string.IsNullOrWhiteSpace(Username))
        {
            yield return new ValidationResult("is required with auth = \"basic\" (the Cloud account e-mail or the Server user)", [nameof(Username)]);
        }

        if (WebhookEnabled && WebhookSecret.Length == 0 && (WebhookUser.Length == 0 || WebhookPassword.Length == 0))
        {
            yield return new ValidationResult("webhook_enabled needs webhook_secret, or webhook_user and webhook_password", [nameof(WebhookEnabled)]);
        }

        foreach (var key in AllowedProjects.Where(k => !IsProjectKey(k)))
        {
            yield return new ValidationResult($"'{key}' is not a Jira project key (a letter, then letters, digits or underscores)", [nameof(AllowedProjects)]);
        }

        if (WebhookConfirmInterval < TimeSpan.Zero || WebhookConfirmInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("must be between 0s and 1m", [nameof(WebhookConfirmInterval)]);
        }
    }

    /// <summary>Whether the adapter may file issues in <paramref name="project"/> (and so accept webhooks from it).</summary>
    internal bool Admits(string project) => TicketProjects.Admits(project, Project, AllowedProjects);

    /// <summary>Whether <paramref name="text"/> has the shape of a Jira project key.</summary>
    internal static bool IsProjectKey(string text) => ProjectKey().IsMatch(text);

    /// <summary>The REST API base, ending with a slash.</summary>
    internal Uri ApiBase => new(Url!.AbsoluteUri.TrimEnd('/') + "/rest/api/2/");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectKey();
}
