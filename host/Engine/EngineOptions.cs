using TeleportPlugins.Host.AccessLists;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Engine;

/// <summary>The engine's sections of the configuration file.</summary>
/// <param name="Watch">The <c>[watch]</c> section.</param>
/// <param name="Dispatch">The <c>[dispatch]</c> section.</param>
/// <param name="Reminders">The <c>[reminders]</c> section; null for none.</param>
internal sealed record EngineOptions(WatcherOptions Watch, DispatchOptions Dispatch, ReminderSettings? Reminders = null)
{
    /// <summary>The <c>[access_list_reminders]</c> section; off unless enabled.</summary>
    public AccessListReminderOptions AccessListReminders { get; init; } = new();

    /// <summary>Binds and validates the sections, adding every problem (with file, line and key) to <paramref name="problems"/>.</summary>
    /// <param name="settings">The loaded settings.</param>
    /// <param name="problems">Collects the problems.</param>
    /// <returns>The options; check <paramref name="problems"/> before using them.</returns>
    public static EngineOptions Bind(HostSettings settings, ConfigurationProblems problems)
    {
        var binder = new OptionsBinder(problems);
        var reminders = AccessListReminderOptions.Bind(settings.Configuration, settings.Adapters.Enabled, binder, problems);

        return new EngineOptions(
            binder.Bind<WatcherOptions>(settings.Configuration.GetSection(WatcherOptions.SectionName)),
            binder.Bind<DispatchOptions>(settings.Configuration.GetSection(DispatchOptions.SectionName)),
            ReminderSettings.Bind(settings.Configuration, settings.Adapters.Enabled, binder, problems))
        {
            AccessListReminders = reminders,
        };
    }
}
