using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The <c>[teams]</c> section: the keys of Teleport's <c>[msapi]</c> (<c>app_id</c>, <c>app_secret</c>, <c>tenant_id</c>,
/// <c>teams_app_id</c>, <c>region</c>) and its top-level <c>preload</c>, plus the keys of <see cref="ChatOptions"/>.
/// </summary>
public sealed class TeamsOptions : ChatOptions
{
    /// <summary>Creates the options with Markdown templates (Adaptive Card text blocks render bold as <c>**</c>).</summary>
    public TeamsOptions()
        : base("**")
    {
    }

    /// <summary>The Entra ID application (client) ID of the bot.</summary>
    [Required]
    [ConfigurationKeyName("app_id")]
    public string AppId { get; set; } = string.Empty;

    /// <summary>The application's client secret, or an absolute path to a file holding it.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("app_secret")]
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>The Entra ID tenant (directory) ID the tokens are requested from.</summary>
    [Required]
    [ConfigurationKeyName("tenant_id")]
    public string TenantId { get; set; } = string.Empty;

    /// <summary>The Teams app's ID from its manifest (its <c>externalId</c> in the tenant's app catalog).</summary>
    [Required]
    [ConfigurationKeyName("teams_app_id")]
    public string TeamsAppId { get; set; } = string.Empty;

    /// <summary>The Bot Framework region of the tenant, part of the Connector's service URL (<c>emea</c>, <c>amer</c>, <c>apac</c>, ...).</summary>
    [ConfigurationKeyName("region")]
    public string Region { get; set; } = "emea";

    /// <summary>Whether every configured recipient is resolved (and the app installed for it) at start-up rather than on first use.</summary>
    [ConfigurationKeyName("preload")]
    public bool Preload { get; set; }

    /// <summary>The Microsoft identity platform; change only for a national cloud, a proxy or a test server.</summary>
    [ConfigurationKeyName("login_url")]
    public Uri LoginUrl { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>Microsoft Graph v1.0; change only for a national cloud, a proxy or a test server.</summary>
    [ConfigurationKeyName("graph_url")]
    public Uri GraphUrl { get; set; } = new("https://graph.microsoft.com/v1.0/");

    /// <summary>The Bot Framework Connector's service URL; by default <c>https://smba.trafficmanager.net/&lt;region&gt;/</c>.</summary>
    [ConfigurationKeyName("bot_url")]
    public Uri? BotUrl { get; set; }

    /// <summary>Approve and Deny from the card (<c>[teams.review]</c>), off by default.</summary>
    [ConfigurationKeyName("review")]
    public TeamsReviewOptions Review { get; set; } = new();

    /// <summary>The Connector's service URL in effect.</summary>
    public Uri ConnectorUrl => BotUrl ?? new Uri($"https://smba.trafficmanager.net/{Region}/");

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Region.Length == 0 || !Region.All(char.IsAsciiLetterLower))
        {
            yield return new ValidationResult("must be a Bot Framework region in lower case, e.g. emea, amer or apac", [nameof(Region)]);
        }

        foreach (var (url, property) in new[] { (LoginUrl, nameof(LoginUrl)), (GraphUrl, nameof(GraphUrl)), (BotUrl, nameof(BotUrl)) })
        {
            if (url is not null && !ServiceUrl.IsSecure(url))
            {
                yield return new ValidationResult(ServiceUrl.InsecureMessage, [property]);
            }
        }
    }
}
