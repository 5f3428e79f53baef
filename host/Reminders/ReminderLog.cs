using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Reminders;

/// <summary>The log events of the <c>[reminders]</c> section that are not a step's.</summary>
internal static partial class ReminderLog
{
    [LoggerMessage(EventId = 2770, Level = LogLevel.Warning,
        Message = "Adapter {Adapter} has a [reminders.{Adapter}] table but cannot send reminders (it does not implement IReminderSender); it gets none")]
    public static partial void CannotRemind(ILogger logger, string adapter);
}
