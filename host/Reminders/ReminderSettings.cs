using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Configuration;

namespace TeleportPlugins.Host.Reminders;

/// <summary>The <c>[reminders]</c> section: the global schedule and each adapter's override.</summary>
/// <param name="Global">The global keys; null when the section is absent (no reminders).</param>
/// <param name="Overrides">Each <c>[reminders.&lt;adapter&gt;]</c>, already merged over the global keys.</param>
internal sealed record ReminderSettings(ReminderOptions? Global, IReadOnlyDictionary<string, ReminderOptions> Overrides)
{
    /// <summary>No reminders.</summary>
    public static ReminderSettings None { get; } = new(null, new Dictionary<string, ReminderOptions>());

    /// <summary>Binds and validates the section, adding every problem (with file, line and key) to the binder's list.</summary>
    /// <param name="configuration">The whole configuration.</param>
    /// <param name="enabled">The names in <c>[adapters] enabled</c>: a table naming another adapter is an error.</param>
    /// <param name="binder">Binds and records problems.</param>
    /// <param name="problems">Receives problems the binder does not find.</param>
    /// <returns>The settings.</returns>
    public static ReminderSettings Bind(IConfiguration configuration, IReadOnlyList<string> enabled, OptionsBinder binder, ConfigurationProblems problems)
    {
        var section = configuration.GetSection(ReminderOptions.SectionName);
        if (!section.Exists())
        {
            return None;
        }

        bool IsAdapterTable(IConfigurationSection child) => !ReminderOptions.Keys.Contains(child.Key);
        var global = binder.BindOnto(new ReminderOptions(), section, IsAdapterTable);
        var overrides = new Dictionary<string, ReminderOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren().Where(IsAdapterTable))
        {
            if (!child.GetChildren().Any())
            {
                problems.Add(child.Path, $"unknown key; known keys are {string.Join(", ", ReminderOptions.Keys.Order(StringComparer.Ordinal))}, or a table [reminders.<adapter>] overriding them for one adapter");
                continue;
            }

            // Its keys are checked even under a misspelt name, so that one run shows every mistake.
            var options = binder.BindOnto(global.Clone(), child);
            if (EnabledAdapterCheck.IsEnabled(child.Path, child.Key, ReminderOptions.SectionName, enabled, problems))
            {
                overrides[child.Key] = options;
            }
        }

        return new ReminderSettings(global, overrides);
    }

    /// <summary>The schedule of one adapter.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <returns>The schedule, or null when it gets no reminders.</returns>
    public ReminderPlan? PlanFor(string adapter) =>
        (Overrides.GetValueOrDefault(adapter) ?? Global)?.ToPlan();

    /// <summary>Whether a table of its own asks for reminders through <paramref name="adapter"/> (not only the global keys).</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <returns>Whether <c>[reminders.&lt;adapter&gt;]</c> exists and leaves reminders on.</returns>
    public bool NamesExplicitly(string adapter) => Overrides.GetValueOrDefault(adapter)?.Enabled == true;
}
