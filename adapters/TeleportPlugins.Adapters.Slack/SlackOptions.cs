using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The <c>[slack]</c> section, compatible with Teleport's Slack plugin (<c>token</c>; the deprecated
/// <c>recipients</c>), plus recipients, requester notification and templates from <see cref="ChatOptions"/>.
/// </summary>
public sealed class SlackOptions : ChatOptions
{
    /// <summary>Creates the options with Slack mrkdwn templates.</summary>
    public SlackOptions()
        : base(SlackMarkup.BoldMarker)
    {
    }

    /// <summary>The bot OAuth token (<c>xoxb-…</c>), or an absolute path to a file holding it.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;

    /// <summary>The Web API base address.</summary>
    [ConfigurationKeyName("api_url")]
    public Uri ApiUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// The least time between two messages to one channel, measured when each is sent. Slack allows one message per
    /// second per channel and answers a faster one with 429; the default, 1.1 s, keeps a 10 % margin because messages
    /// sent exactly a second apart can arrive a few milliseconds closer (network jitter), which a strict limiter
    /// refuses. <c>0s</c> turns pacing off, for a Slack-compatible server without that limit.
    /// </summary>
    [ConfigurationKeyName("channel_pacing")]
    public TimeSpan ChannelPacing { get; set; } = TimeSpan.FromMilliseconds(1100);

    /// <summary>
    /// Approve and Deny from Slack (<c>[slack.review]</c>, off by default): a click bypasses Teleport's login and MFA for
    /// that review, and Teleport decides with the roles of the Teleport user the Slack user is bound to.
    /// </summary>
    [ConfigurationKeyName("review")]
    public SlackReviewOptions Review { get; set; } = new();

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        base.Validate(validationContext)
            .Prepend(ChannelPacing < TimeSpan.Zero || ChannelPacing > TimeSpan.FromMinutes(1)
                ? new ValidationResult("must be between 0s and 1m", [nameof(ChannelPacing)])
                : null)
            .Prepend(CheckUrl(ApiUrl, nameof(ApiUrl)))
            .OfType<ValidationResult>();
}
