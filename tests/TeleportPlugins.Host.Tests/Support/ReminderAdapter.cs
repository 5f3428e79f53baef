using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>A <see cref="RecordingAdapter"/> that also sends reminders, recording each one with the clock's time.</summary>
internal sealed class ReminderAdapter(string name, TimeProvider clock) : RecordingAdapter(name), IReminderSender
{
    private readonly ConcurrentQueue<(string RequestId, int Number, IReadOnlyList<string> EscalateTo, DateTimeOffset At)> _reminders = new();

    /// <summary>Runs before each reminder is recorded: throw to fail, await to hang.</summary>
    public Func<RequestReminderContext, CancellationToken, Task>? ReminderHook { get; set; }

    /// <summary>Every reminder sent, in order.</summary>
    public IReadOnlyList<(string RequestId, int Number, IReadOnlyList<string> EscalateTo, DateTimeOffset At)> Reminders => [.. _reminders];

    /// <summary>The reminders of one request as <c>N</c>, or <c>N&gt;recipients</c> when escalated.</summary>
    public IReadOnlyList<string> RemindersOf(string requestId) =>
        [.. _reminders.Where(r => r.RequestId == requestId).Select(r => r.EscalateTo.Count == 0 ? $"{r.Number}" : $"{r.Number}>{string.Join(",", r.EscalateTo)}")];

    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        if (ReminderHook is { } hook)
        {
            await hook(context, cancellationToken);
        }

        _reminders.Enqueue((context.Request.Id, context.Number, context.EscalateTo, clock.GetUtcNow()));
    }
}
