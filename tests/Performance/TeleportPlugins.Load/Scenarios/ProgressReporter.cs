using System.Diagnostics;
using System.Globalization;

namespace TeleportPlugins.Load.Scenarios;

/// <summary>Prints a progress line every few seconds while a phase runs.</summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(TextWriter output, string phase, Func<string> state)
    {
        var started = Stopwatch.GetTimestamp();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  [{phase} {Stopwatch.GetElapsedTime(started).TotalSeconds:0}s] {state()}"));
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
