using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The <c>[slack.review]</c> section (approve-from-tool, off by default): Approve and Deny buttons on pending requests'
/// messages, the clicks received either on the HTTP interactivity endpoint (<c>mode = "http"</c>, each verified with
/// the app's signing secret) or over Socket Mode (<c>mode = "socket"</c>, an outbound WebSocket opened with the
/// app-level token, for hosts Slack cannot reach).
/// </summary>
public sealed class SlackReviewOptions : ToolReviewOptions
{
    /// <summary>The HTTP interactivity endpoint mode.</summary>
    public const string HttpMode = "http";

    /// <summary>The Socket Mode mode.</summary>
    public const string SocketMode = "socket";

    /// <summary>Creates the options with the trait <c>slack_uid</c>.</summary>
    public SlackReviewOptions()
        : base("slack_uid")
    {
    }

    /// <summary>How Slack delivers clicks: <c>http</c> (the default) or <c>socket</c>.</summary>
    [ConfigurationKeyName("mode")]
    public string Mode { get; set; } = HttpMode;

    /// <summary>The app's signing secret (Basic Information → App Credentials), or an absolute path to a file holding it; required in <c>http</c> mode.</summary>
    [Secret]
    [ConfigurationKeyName("signing_secret")]
    public string SigningSecret { get; set; } = string.Empty;

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>), or an absolute path to a file holding it; required in <c>socket</c> mode.</summary>
    [Secret]
    [ConfigurationKeyName("app_token")]
    public string AppToken { get; set; } = string.Empty;

    /// <summary>Whether clicks arrive over Socket Mode.</summary>
    internal bool UsesSocketMode => string.Equals(Mode, SocketMode, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.Equals(Mode, HttpMode, StringComparison.OrdinalIgnoreCase) && !UsesSocketMode)
        {
            yield return new ValidationResult($"must be \"{HttpMode}\" or \"{SocketMode}\"", [nameof(Mode)]);
            yield break;
        }

        if (!Enabled)
        {
            yield break;
        }

        if (!UsesSocketMode && string.IsNullOrWhiteSpace(SigningSecret))
        {
            yield return new ValidationResult("is required when review is enabled in mode \"http\" (the Slack app's signing secret)", [nameof(SigningSecret)]);
        }

        if (UsesSocketMode && !AppToken.StartsWith("xapp-", StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                AppToken.Length == 0 ? "is required when review is enabled in mode \"socket\" (an app-level token, xapp-…)" : "must be an app-level token (xapp-…)",
                [nameof(AppToken)]);
        }
    }
}
