using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>The <c>[access_list_reminders]</c> section: which adapters remind access list owners of due reviews.</summary>
internal sealed class AccessListReminderOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "access_list_reminders";

    /// <summary>The off switch; off by default, as reminders need <c>access_list: [list, read]</c> in the host's role.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>The adapters (by name, each enabled in <c>[adapters]</c>) that remind owners directly.</summary>
    [ConfigurationKeyName("adapters")]
    public IReadOnlyList<string> Adapters { get; set; } = [];

    /// <summary>
    /// How often access lists are read. Teleport's Slack plugin reads them every 3 hours; a reminder is sent once per
    /// interval whatever this is, so it only bounds how late in its interval a reminder may come.
    /// </summary>
    [ConfigurationKeyName("check_interval")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(3);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("check_interval must be a positive duration", [nameof(CheckInterval)]);
        }

        if (Enabled && Adapters.Count == 0)
        {
            yield return new ValidationResult(
                "adapters must name at least one adapter that reminds owners (a chat adapter, teams or email) when enabled = true", [nameof(Adapters)]);
        }
    }
}
