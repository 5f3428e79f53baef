using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Reminders;

/// <summary>
/// The keys of <c>[reminders]</c>, and of each <c>[reminders.&lt;adapter&gt;]</c> that overrides them for one adapter
/// (a key it leaves out keeps the global value).
/// </summary>
internal sealed class ReminderOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "reminders";

    /// <summary>The keys, so that any other child of <c>[reminders]</c> is taken for an adapter's table.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "enabled", "after", "repeat", "escalate_after", "escalate_to",
    };

    /// <summary>Whether pending requests are reminded of (the section's presence turns them on; this turns them off).</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>How long after its creation a request still pending gets its first reminder.</summary>
    [ConfigurationKeyName("after")]
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after one reminder the next is due.</summary>
    [ConfigurationKeyName("repeat")]
    public TimeSpan Repeat { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many reminders, every further one also goes to <see cref="EscalateTo"/>; 0 never escalates.</summary>
    [ConfigurationKeyName("escalate_after")]
    public int EscalateAfter { get; set; } = 2;

    /// <summary>The escalation recipients in the adapter's own terms (channels, addresses).</summary>
    [ConfigurationKeyName("escalate_to")]
    public IReadOnlyList<string> EscalateTo { get; set; } = [];

    /// <summary>A copy, the starting point of an adapter's override.</summary>
    /// <returns>The copy.</returns>
    public ReminderOptions Clone() => (ReminderOptions)MemberwiseClone();

    /// <summary>The schedule these options give.</summary>
    /// <returns>The schedule, or null when disabled.</returns>
    public ReminderPlan? ToPlan() => Enabled ? new ReminderPlan(After, Repeat, EscalateAfter, EscalateTo) : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (After <= TimeSpan.Zero)
        {
            yield return new ValidationResult("after must be a positive duration", [nameof(After)]);
        }

        if (Repeat <= TimeSpan.Zero)
        {
            yield return new ValidationResult("repeat must be a positive duration", [nameof(Repeat)]);
        }

        if (EscalateAfter < 0)
        {
            yield return new ValidationResult("escalate_after must be 0 (never) or more", [nameof(EscalateAfter)]);
        }

        if (EscalateAfter > 0 && EscalateTo.Count == 0)
        {
            yield return new ValidationResult("escalate_to must name at least one recipient when escalate_after is set (escalate_after = 0 turns escalation off)", [nameof(EscalateTo)]);
        }

        if (EscalateTo.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("escalate_to must not contain empty recipients", [nameof(EscalateTo)]);
        }
    }
}
