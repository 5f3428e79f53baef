using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>The <c>[slack]</c> section, compatible with Teleport's Slack plugin.</summary>
public sealed class SlackOptions : IValidatableObject
{
    /// <summary>The bot OAuth token (<c>xoxb-…</c>), or an absolute path to a file holding it.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;

    /// <summary>The Web API base address.</summary>
    [ConfigurationKeyName("api_url")]
    public Uri ApiUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Deprecated in Teleport's plugin: recipients of every request (use <c>role_to_recipients</c>).</summary>
    [ConfigurationKeyName("recipients")]
    public IReadOnlyList<string> Recipients { get; set; } = [];

    /// <summary>Recipients per role for this adapter; when empty the top-level <c>[role_to_recipients]</c> applies.</summary>
    [ConfigurationKeyName("role_to_recipients")]
    public RoleToRecipients RoleToRecipients { get; set; } = RoleToRecipients.Empty;

    /// <summary>Whether the requester gets a direct message when the request is resolved.</summary>
    [ConfigurationKeyName("notify_requester")]
    public bool NotifyRequester { get; set; } = true;

    /// <summary>The request message template.</summary>
    [ConfigurationKeyName("message_template")]
    public string MessageTemplate { get; set; } = ChatTemplates.DefaultMessage(SlackMarkup.BoldMarker);

    /// <summary>The status line template.</summary>
    [ConfigurationKeyName("status_template")]
    public string StatusTemplate { get; set; } = ChatTemplates.DefaultStatus(SlackMarkup.BoldMarker);

    /// <summary>The review reply template.</summary>
    [ConfigurationKeyName("review_template")]
    public string ReviewTemplate { get; set; } = ChatTemplates.DefaultReview();

    /// <summary>The requester's direct message template.</summary>
    [ConfigurationKeyName("requester_template")]
    public string RequesterTemplate { get; set; } = ChatTemplates.DefaultRequester(SlackMarkup.BoldMarker);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiUrl is not { IsAbsoluteUri: true } || (ApiUrl.Scheme != Uri.UriSchemeHttps && ApiUrl.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(ApiUrl)]);
        }

        foreach (var result in ChatTemplates.Validate(
            (MessageTemplate, nameof(MessageTemplate)),
            (StatusTemplate, nameof(StatusTemplate)),
            (ReviewTemplate, nameof(ReviewTemplate)),
            (RequesterTemplate, nameof(RequesterTemplate))))
        {
            yield return result;
        }
    }
}
