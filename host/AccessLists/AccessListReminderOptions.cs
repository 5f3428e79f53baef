using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Configuration;

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

    /// <summary>Each <c>[access_list_reminders.&lt;adapter&gt;]</c> by adapter name.</summary>
    public IReadOnlyDictionary<string, AccessListAdapterOptions> PerAdapter { get; private set; } = new Dictionary<string, AccessListAdapterOptions>();

    /// <summary>The adapters that remind owners: those in <see cref="Adapters"/> whose own table does not turn them off.</summary>
    public IEnumerable<string> Reminding => Adapters.Where(name => PerAdapter.GetValueOrDefault(name)?.Enabled != false);

    /// <summary>The notification window for <paramref name="adapter"/>; null: each list's own.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <returns>The window, or null.</returns>
    public TimeSpan? WindowFor(string adapter) =>
        PerAdapter.GetValueOrDefault(adapter)?.NotificationWindow is { } window && window > TimeSpan.Zero ? window : null;

    /// <summary>
    /// Binds and validates the section and its adapter tables, adding every problem (with file, line and key): an adapter
    /// named in <c>adapters</c> or by a table must be enabled in <c>[adapters]</c>.
    /// </summary>
    /// <param name="configuration">The whole configuration.</param>
    /// <param name="enabled">The names in <c>[adapters] enabled</c>.</param>
    /// <param name="binder">Binds and records problems.</param>
    /// <param name="problems">Receives problems the binder does not find.</param>
    /// <returns>The options.</returns>
    public static AccessListReminderOptions Bind(IConfiguration configuration, IReadOnlyList<string> enabled, OptionsBinder binder, ConfigurationProblems problems)
    {
        var section = configuration.GetSection(SectionName);
        bool IsAdapterTable(IConfigurationSection child) => child.GetChildren().Any() && !string.Equals(child.Key, "adapters", StringComparison.OrdinalIgnoreCase);
        var options = binder.BindOnto(new AccessListReminderOptions(), section, IsAdapterTable);
        for (var i = 0; i < options.Adapters.Count; i++)
        {
            EnabledAdapterCheck.IsEnabled($"{SectionName}:adapters:{i}", options.Adapters[i], SectionName, enabled, problems);
        }

        var perAdapter = new Dictionary<string, AccessListAdapterOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren().Where(IsAdapterTable))
        {
            var adapter = binder.BindOnto(new AccessListAdapterOptions(), child);
            if (EnabledAdapterCheck.IsEnabled(child.Path, child.Key, SectionName, enabled, problems))
            {
                perAdapter[child.Key] = adapter;
            }
        }

        options.PerAdapter = perAdapter;
        return options;
    }

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
