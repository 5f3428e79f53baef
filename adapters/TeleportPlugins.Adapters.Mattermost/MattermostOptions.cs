using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The <c>[mattermost]</c> section, compatible with Teleport's Mattermost plugin (<c>url</c>, <c>token</c>,
/// <c>recipients</c> as "team/channel" or e-mail addresses), plus the keys of <see cref="ChatOptions"/> and the
/// <c>[mattermost.review]</c> section.
/// </summary>
public sealed class MattermostOptions : ChatOptions
{
    /// <summary>Creates the options with Markdown templates.</summary>
    public MattermostOptions()
        : base("**")
    {
    }

    /// <summary>The Mattermost server, e.g. <c>https://mattermost.example.com</c>.</summary>
    [Required]
    [ConfigurationKeyName("url")]
    public Uri? Url { get; set; }

    /// <summary>A bot or personal access token, or an absolute path to a file holding it.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;

    /// <summary>Approve and Deny from Mattermost (<c>[mattermost.review]</c>), off by default.</summary>
    [ConfigurationKeyName("review")]
    public MattermostReviewOptions Review { get; set; } = new();

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        base.Validate(validationContext).Prepend(Url is null ? null : CheckUrl(Url, nameof(Url))).OfType<ValidationResult>();
}
