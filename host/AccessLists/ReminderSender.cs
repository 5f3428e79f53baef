using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>An adapter that sends access list reminders, under the name its plugin data is kept.</summary>
/// <param name="Name">The adapter's name (also the plugin name of its data on the access list).</param>
/// <param name="Sender">The adapter's ability.</param>
/// <param name="NotificationWindow">How long before the due date its reminders start; null: each list's <c>notifications.start</c>.</param>
internal sealed record ReminderSender(string Name, IAccessListReminderSender Sender, TimeSpan? NotificationWindow = null);
