namespace TeleportPlugins.Host.AccessLists;

/// <summary>What the reminders read of an access list.</summary>
/// <param name="Name">The list's name (its ID, and the plugin data's resource).</param>
/// <param name="Title">Its title; its name when it has none.</param>
/// <param name="NextAuditDate">When its next review is due; null when Teleport has none for it.</param>
/// <param name="NotificationStart">How long before <paramref name="NextAuditDate"/> owners start being reminded.</param>
/// <param name="Owners">Its owners as written (users and nested lists).</param>
internal sealed record AccessListEntry(
    string Name, string Title, DateTimeOffset? NextAuditDate, TimeSpan NotificationStart, IReadOnlyList<AccessListPrincipal> Owners);
