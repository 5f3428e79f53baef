namespace TeleportPlugins.Contracts;

/// <summary>
/// Optional ability (since contract 1.4): an adapter that can remind a request's reviewers while it stays pending, and
/// escalate it. When <c>[reminders]</c> is enabled, the host calls it at the request's creation time + <c>after</c> and
/// then every <c>repeat</c>, each reminder exactly once across replicas and restarts, and never once the request is
/// resolved, expired or deleted. Adapters without it get no reminders.
/// </summary>
public interface IReminderSender
{
    /// <summary>
    /// Sends one reminder: a reply in the request's thread, a comment on its ticket or a reply e-mail, to the request's
    /// reviewers; when <see cref="RequestReminderContext.Escalates"/> is set, also a message naming the request (with
    /// its Web UI link) to <see cref="RequestReminderContext.EscalateTo"/>.
    /// </summary>
    /// <param name="context">The request, the reminder's number, the escalation and the adapter's state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the reminder was sent.</returns>
    Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken);
}
