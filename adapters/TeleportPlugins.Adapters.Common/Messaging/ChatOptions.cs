using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// The keys every chat adapter's section shares: recipients, the requester notification and the four message
/// templates. A broken template is reported under its own key.
/// </summary>
public abstract class ChatOptions : IValidatableObject
{
    /// <summary>Sets the default templates in the tool's markup.</summary>
    /// <param name="boldMarker">"*" for Slack mrkdwn, "**" for Markdown.</param>
    protected ChatOptions(string boldMarker)
    {
        MessageTemplate = ChatTemplates.DefaultMessage(boldMarker);
        StatusTemplate = ChatTemplates.DefaultStatus(boldMarker);
        ReviewTemplate = ChatTemplates.DefaultReview();
        RequesterTemplate = ChatTemplates.DefaultRequester(boldMarker);
    }

    /// <summary>Recipients told about every request, in addition to <c>role_to_recipients</c>.</summary>
    [ConfigurationKeyName("recipients")]
    public IReadOnlyList<string> Recipients { get; set; } = [];

    /// <summary>Recipients per role for this adapter; when empty the top-level <c>[role_to_recipients]</c> applies.</summary>
    [ConfigurationKeyName("role_to_recipients")]
    public RoleToRecipients RoleToRecipients { get; set; } = RoleToRecipients.Empty;

    /// <summary>Whether the requester gets a direct message when the request is resolved (where the tool allows it).</summary>
    [ConfigurationKeyName("notify_requester")]
    public bool NotifyRequester { get; set; } = true;

    /// <summary>The request message template (<see cref="ChatTemplates.MessagePlaceholders"/>).</summary>
    [ConfigurationKeyName("message_template")]
    public string MessageTemplate { get; set; }

    /// <summary>The status template (<see cref="ChatTemplates.StatusPlaceholders"/>).</summary>
    [ConfigurationKeyName("status_template")]
    public string StatusTemplate { get; set; }

    /// <summary>The review reply template (<see cref="ChatTemplates.ReviewPlaceholders"/>).</summary>
    [ConfigurationKeyName("review_template")]
    public string ReviewTemplate { get; set; }

    /// <summary>The requester's direct message template (<see cref="ChatTemplates.RequesterPlaceholders"/>).</summary>
    [ConfigurationKeyName("requester_template")]
    public string RequesterTemplate { get; set; }

    /// <summary>The settings for <see cref="ChatAdapter"/>, preferring this section's <c>role_to_recipients</c>.</summary>
    /// <param name="context">The host's context, with the top-level <c>[role_to_recipients]</c>.</param>
    /// <returns>The settings.</returns>
    public ChatSettings ToSettings(AdapterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ChatSettings(
            RoleToRecipients.IsEmpty ? context.RoleToRecipients : RoleToRecipients,
            Recipients,
            ChatTemplates.Parse(MessageTemplate, StatusTemplate, ReviewTemplate, RequesterTemplate),
            NotifyRequester)
        {
            Clock = context.TimeProvider,
        };
    }

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => ChatTemplates.Validate(
        (MessageTemplate, nameof(MessageTemplate)),
        (StatusTemplate, nameof(StatusTemplate)),
        (ReviewTemplate, nameof(ReviewTemplate)),
        (RequesterTemplate, nameof(RequesterTemplate)));

    /// <summary>A validation result when <paramref name="url"/> is not an absolute http(s) URL.</summary>
    /// <param name="url">The URL option.</param>
    /// <param name="property">Its property name.</param>
    /// <returns>The result, or null when the URL is fine.</returns>
    protected static ValidationResult? CheckUrl(Uri? url, string property) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? null
            : new ValidationResult("must be an absolute http(s) URL", [property]);
}
