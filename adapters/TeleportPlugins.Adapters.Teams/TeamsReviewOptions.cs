using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Reviews;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The <c>[teams.review]</c> section: Approve and Deny buttons on a pending request's card, clicked through the bot's
/// messaging endpoint (<c>/adapters/teams/messages</c>). A click is trusted only with a Bot Framework token signed by a
/// key from <see cref="OpenIdMetadataUrl"/> for the bot's <c>app_id</c>. The clicking user is bound by their Entra ID
/// object ID in the Teleport trait <c>teams_uid</c> (<see cref="ToolReviewOptions.UserIdTrait"/>).
/// </summary>
public sealed class TeamsReviewOptions : ToolReviewOptions
{
    /// <summary>Binds users by the trait <c>teams_uid</c> by default.</summary>
    public TeamsReviewOptions()
        : base("teams_uid")
    {
    }

    /// <summary>
    /// The Bot Framework's OpenID metadata, whose <c>jwks_uri</c> lists the keys that sign the tokens of activities sent
    /// to the bot; change only for a national cloud or a test server.
    /// </summary>
    [ConfigurationKeyName("openid_metadata_url")]
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (OpenIdMetadataUrl is null || !ServiceUrl.IsSecure(OpenIdMetadataUrl))
        {
            yield return new ValidationResult(ServiceUrl.InsecureMessage, [nameof(OpenIdMetadataUrl)]);
        }
    }
}
