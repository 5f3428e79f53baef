using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>The <c>[discord]</c> section, compatible with Teleport's Discord plugin (<c>token</c>), plus the keys of <see cref="ChatOptions"/> and the <c>[discord.review]</c> section.</summary>
public sealed class DiscordOptions : ChatOptions
{
    /// <summary>Creates the options with Markdown templates.</summary>
    public DiscordOptions()
        : base("**")
    {
    }

    /// <summary>The bot token, or an absolute path to a file holding it.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;

    /// <summary>Approve and Deny from Discord (<c>[discord.review]</c>), off by default.</summary>
    [ConfigurationKeyName("review")]
    public DiscordReviewOptions Review { get; set; } = new();

    /// <summary>The API base address, version included.</summary>
    [ConfigurationKeyName("api_url")]
    public Uri ApiUrl { get; set; } = new("https://discord.com/api/v10/");

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        base.Validate(validationContext).Prepend(CheckUrl(ApiUrl, nameof(ApiUrl))).OfType<ValidationResult>();
}
