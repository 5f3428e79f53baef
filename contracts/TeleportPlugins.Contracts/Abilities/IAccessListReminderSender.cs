namespace TeleportPlugins.Contracts;

/// <summary>
/// Optional ability (since contract 1.4): an adapter that can remind one access list owner directly (a chat direct
/// message, an e-mail) that the list is due for review. The host decides who is reminded and when, and records it in
/// Teleport so that restarts and other replicas do not repeat a reminder within its interval; the adapter only delivers.
/// </summary>
public interface IAccessListReminderSender
{
    /// <summary>Delivers one reminder to its owner.</summary>
    /// <param name="reminder">The list, the owner (a Teleport user name) and the due date.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when the tool accepted the reminder.</returns>
    /// <exception cref="PermanentAdapterException">The tool does not know the owner or refused the message.</exception>
    /// <exception cref="TransientAdapterException">The tool could not be reached or asked to come back later.</exception>
    Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken);
}
