using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Runtime;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// The reminding adapters among those serving now, read at every pass, so an adapter whose start is still being retried
/// joins when it serves. One named in <c>access_list_reminders.adapters</c> that has no
/// <see cref="IAccessListReminderSender"/> (Jira, PagerDuty, an older custom adapter) is said once and left out.
/// </summary>
internal sealed partial class AccessListReminderSenders(AccessListReminderOptions options, Func<IReadOnlyList<ActiveAdapter>> active, ILogger logger)
{
    private readonly IReadOnlyList<string> _names = [.. options.Reminding];
    private readonly HashSet<string> _warned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The reminding adapters serving now.</summary>
    /// <returns>Each with its name.</returns>
    public IReadOnlyList<ReminderSender> Current()
    {
        var senders = new List<ReminderSender>();
        foreach (var adapter in active().Where(a => _names.Contains(a.Name, StringComparer.OrdinalIgnoreCase)))
        {
            if (adapter.Adapter is IAccessListReminderSender sender)
            {
                senders.Add(new ReminderSender(adapter.Name, sender, options.WindowFor(adapter.Name)));
            }
            else if (_warned.Add(adapter.Name))
            {
                LogCannotRemind(logger, adapter.Name);
            }
        }

        return senders;
    }

    [LoggerMessage(EventId = 2761, Level = LogLevel.Warning,
        Message = "Adapter {Adapter} is named in access_list_reminders.adapters but cannot send access list reminders; it is left out")]
    private static partial void LogCannotRemind(ILogger logger, string adapter);
}
