using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Adapters.Common.Reviews;

/// <summary>
/// The keys every <c>[&lt;adapter&gt;.review]</c> section shares (approve-from-tool, off by default): the switch and how a
/// tool's user is bound to a Teleport user. Adapters derive from it to add their callback's secret.
/// </summary>
public class ToolReviewOptions : IValidatableObject
{
    /// <summary>Sets the default trait name.</summary>
    /// <param name="defaultTrait">The trait holding the tool's user ID, e.g. <c>slack_uid</c>.</param>
    public ToolReviewOptions(string defaultTrait)
    {
        UserIdTrait = defaultTrait;
    }

    /// <summary>
    /// Whether reviewers may approve or deny from the tool. A click then bypasses Teleport's login and MFA for that
    /// review; Teleport still decides with the bound user's roles.
    /// </summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>The Teleport user trait that holds the tool's user ID.</summary>
    [ConfigurationKeyName("user_id_trait")]
    public string UserIdTrait { get; set; }

    /// <summary>
    /// Whether a Teleport user named exactly as the tool's e-mail address may review when no trait matches. Only safe
    /// when the tool's addresses are verified and users cannot change them.
    /// </summary>
    [ConfigurationKeyName("allow_email_username_match")]
    public bool AllowEmailUsernameMatch { get; set; }

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(UserIdTrait))
        {
            yield return new ValidationResult("must name a Teleport user trait when review is enabled", [nameof(UserIdTrait)]);
        }
    }
}
