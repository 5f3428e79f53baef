using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The <c>[mattermost.review]</c> section: Approve and Deny buttons on a pending request's post. Mattermost does not sign
/// the calls its server makes when a button is clicked, so each button carries a token (an HMAC of the request and the
/// action under <c>action_secret</c>) in its integration context, which Mattermost keeps from clients.
/// </summary>
public sealed class MattermostReviewOptions : ToolReviewOptions
{
    /// <summary>The shortest <c>action_secret</c> accepted: an HMAC key must not be guessable.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>Creates the options with the default trait <c>mattermost_uid</c>.</summary>
    public MattermostReviewOptions()
        : base("mattermost_uid")
    {
    }

    /// <summary>The key of the buttons' tokens, or an absolute path to a file holding it; required when enabled.</summary>
    [Secret]
    [ConfigurationKeyName("action_secret")]
    public string ActionSecret { get; set; } = string.Empty;

    /// <summary>
    /// Where the Mattermost server sends clicks: the public URL of the host's <c>/adapters/mattermost/action</c> route;
    /// required when enabled.
    /// </summary>
    [ConfigurationKeyName("callback_url")]
    public Uri? CallbackUrl { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!Enabled)
        {
            yield break;
        }

        if (ActionSecret.Length < MinimumSecretLength)
        {
            yield return new ValidationResult($"must be set, at least {MinimumSecretLength} characters, when review is enabled", [nameof(ActionSecret)]);
        }

        if (CallbackUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("must be the absolute http(s) URL of the host's /adapters/mattermost/action route when review is enabled", [nameof(CallbackUrl)]);
        }
    }
}
