using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>An adapter that sends access list reminders, under the name its plugin data is kept.</summary>
/// <param name="Name">The adapter's name (also the plugin name of its data on the access list).</param>
/// <param name="Sender">The adapter's ability.</param>
internal sealed record ReminderSender(string Name, IAccessListReminderSender Sender);
