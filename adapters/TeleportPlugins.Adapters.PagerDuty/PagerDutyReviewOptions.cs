using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>
/// The <c>[pagerduty.review]</c> section: two Custom Incident Actions on the service's incidents, "Approve" posting to
/// <c>/adapters/pagerduty/webhook/approve</c> and "Deny" to <c>/adapters/pagerduty/webhook/deny</c>, each a V3 webhook
/// signed with <see cref="WebhookSecret"/>. The clicking PagerDuty user is bound by their user ID in the Teleport trait
/// <c>pagerduty_uid</c> (<see cref="ToolReviewOptions.UserIdTrait"/>).
/// </summary>
public sealed class PagerDutyReviewOptions : ToolReviewOptions
{
    /// <summary>Binds users by the trait <c>pagerduty_uid</c> by default.</summary>
    public PagerDutyReviewOptions()
        : base("pagerduty_uid")
    {
    }

    /// <summary>The webhook's signing secret (PagerDuty shows it once, when the action's webhook is created), or an absolute path to a file holding it.</summary>
    [Secret]
    [ConfigurationKeyName("webhook_secret")]
    public string WebhookSecret { get; set; } = string.Empty;

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Enabled && string.IsNullOrWhiteSpace(WebhookSecret))
        {
            yield return new ValidationResult("is required when review is enabled: the secret of the Custom Incident Actions' webhooks", [nameof(WebhookSecret)]);
        }
    }
}
