using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// One adapter's <c>[access_list_reminders.&lt;adapter&gt;]</c>: whether it reminds owners, and from how long before the
/// due date, when that should differ from the access list's own <c>notifications.start</c> (e.g. a chat two weeks
/// ahead, e-mail only in the last three days).
/// </summary>
internal sealed class AccessListAdapterOptions : IValidatableObject
{
    /// <summary>The keys, so that the section's other children are the global ones.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "enabled", "notification_window" };

    /// <summary>Whether this adapter reminds owners (it must also be named in <c>adapters</c>).</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>How long before the due date reminders start for this adapter; zero (the default): the access list's <c>notifications.start</c>.</summary>
    [ConfigurationKeyName("notification_window")]
    public TimeSpan NotificationWindow { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NotificationWindow < TimeSpan.Zero)
        {
            yield return new ValidationResult("notification_window must be a positive duration, or 0s for each list's own", [nameof(NotificationWindow)]);
        }
    }
}
