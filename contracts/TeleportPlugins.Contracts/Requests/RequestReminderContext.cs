namespace TeleportPlugins.Contracts;

/// <summary>The context of <see cref="IReminderSender.OnReminderAsync"/> (since contract 1.4).</summary>
/// <param name="request">The request, still pending when the host last checked.</param>
/// <param name="state">This adapter's state for the request (the announcement's message IDs, ticket key, ...).</param>
/// <param name="number">Which reminder this is: 1 for the first, at creation + <c>after</c>.</param>
/// <param name="escalateTo">When the reminder escalates, where to: the adapter's own recipients (channels, addresses); empty otherwise.</param>
public sealed class RequestReminderContext(AccessRequestSnapshot request, AdapterRequestState state, int number, IReadOnlyList<string> escalateTo)
    : AccessRequestStepContext(request, state)
{
    /// <summary>Which reminder this is, from 1. A reminder missed while no replica ran is skipped, so numbers may jump.</summary>
    public int Number { get; } = number;

    /// <summary>Whether this reminder also goes to <see cref="EscalateTo"/>: <c>escalate_after</c> reminders were due before it.</summary>
    public bool Escalates => EscalateTo.Count > 0;

    /// <summary>The escalation recipients when <see cref="Escalates"/>; empty otherwise.</summary>
    public IReadOnlyList<string> EscalateTo { get; } = escalateTo ?? [];
}
