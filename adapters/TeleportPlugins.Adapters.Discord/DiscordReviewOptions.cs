using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using NSec.Cryptography;
using TeleportPlugins.Adapters.Common.Reviews;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// The <c>[discord.review]</c> section: Approve and Deny buttons on a pending request's message, their clicks delivered
/// to the host's Interactions Endpoint URL and verified with the application's Ed25519 public key.
/// </summary>
public sealed class DiscordReviewOptions : ToolReviewOptions
{
    /// <summary>Creates the options with the default trait <c>discord_uid</c>.</summary>
    public DiscordReviewOptions()
        : base("discord_uid")
    {
    }

    /// <summary>
    /// The application's public key as the Developer Portal shows it (General Information → Public Key, 64 hex
    /// characters); required when enabled. It is public: it only verifies what Discord signed.
    /// </summary>
    [ConfigurationKeyName("public_key")]
    public string PublicKey { get; set; } = string.Empty;

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

        if (ParsePublicKey(PublicKey) is null)
        {
            yield return new ValidationResult("must be the application's Ed25519 public key, 64 hex characters, when review is enabled", [nameof(PublicKey)]);
        }

        if (AllowEmailUsernameMatch)
        {
            yield return new ValidationResult("is not supported: Discord does not tell a bot its users' e-mail addresses; bind users by the trait", [nameof(AllowEmailUsernameMatch)]);
        }
    }

    /// <summary>The key, or null when <paramref name="hex"/> is not one.</summary>
    internal static PublicKey? ParsePublicKey(string hex)
    {
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey, out var key) ? key : null;
    }
}
