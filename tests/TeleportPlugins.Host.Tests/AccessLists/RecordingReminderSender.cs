using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.AccessLists;

/// <summary>Records the reminders it is given; <see cref="FailNext"/> makes the next delivery fail with that exception.</summary>
internal sealed class RecordingReminderSender : IAccessListReminderSender
{
    private readonly ConcurrentQueue<AccessListReminder> _sent = new();

    public IReadOnlyList<AccessListReminder> Sent => [.. _sent];

    public Exception? FailNext { get; set; }

    public Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken)
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }

        _sent.Enqueue(reminder);
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> Owners() => [.. _sent.Select(r => r.Owner)];
}
