using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Configuration;

/// <summary>The <c>[adapters]</c> section: where adapters live and which ones run.</summary>
internal sealed class AdaptersOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "adapters";

    /// <summary>
    /// The adapters directory; one folder per adapter. Relative paths are relative to the configuration file.
    /// Default: the <c>adapters</c> folder next to the host executable.
    /// </summary>
    [ConfigurationKeyName("directory")]
    public string? Directory { get; set; }

    /// <summary>The names of the adapters to run; each needs a section of its own.</summary>
    [ConfigurationKeyName("enabled")]
    public IReadOnlyList<string> Enabled { get; set; } = [];

    /// <summary>How long an adapter's start-up health check may take.</summary>
    [ConfigurationKeyName("health_check_timeout")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest pause between background retries of an adapter that failed to start (from 1 s, decorrelated
    /// jitter); at least 1 s.
    /// </summary>
    [ConfigurationKeyName("retry_max")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMax < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("retry_max must be at least 1s", [nameof(RetryMax)]);
        }
    }
}
