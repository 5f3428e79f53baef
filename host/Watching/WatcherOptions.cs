using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Watching;

/// <summary>The <c>[watch]</c> section: the access request watch and its reconnects, with the anchors' defaults.</summary>
internal sealed class WatcherOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "watch";

    /// <summary>How long a new stream may take to deliver INIT before it is re-opened.</summary>
    [ConfigurationKeyName("init_timeout")]
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Smallest delay before re-opening a broken stream.</summary>
    [ConfigurationKeyName("backoff_min")]
    public TimeSpan BackoffMin { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest delay before re-opening a broken stream.</summary>
    [ConfigurationKeyName("backoff_max")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InitTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("init_timeout must be a positive duration", [nameof(InitTimeout)]);
        }

        if (BackoffMin <= TimeSpan.Zero)
        {
            yield return new ValidationResult("backoff_min must be a positive duration", [nameof(BackoffMin)]);
        }

        if (BackoffMax < BackoffMin)
        {
            yield return new ValidationResult("backoff_max must not be smaller than backoff_min", [nameof(BackoffMax)]);
        }
    }
}
