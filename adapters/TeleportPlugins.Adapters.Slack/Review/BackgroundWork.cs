using System.Collections.Concurrent;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Work started after a callback was answered (Slack wants its answer within 3 seconds, and a review can take longer),
/// bound to the adapter's lifetime: disposing cancels what still runs and starts nothing new.
/// </summary>
internal sealed class BackgroundWork : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private int _disposed;

    /// <summary>Starts <paramref name="work"/>; it must handle its own failures.</summary>
    public void Start(Func<CancellationToken, Task> work)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        var token = _stop.Token;
        var task = Task.Run(() => work(token), token);
        _running[task] = 0;
        _ = task.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when everything started so far has finished (tests wait for the outcome of a click with it).</summary>
    public async Task IdleAsync()
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _stop.Dispose();
    }
}
