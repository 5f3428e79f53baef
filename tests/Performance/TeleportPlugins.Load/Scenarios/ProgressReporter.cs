using System.Globalization;

namespace TeleportPlugins.Load.Scenarios;

/// <summary>
/// Progress of a scenario on one line per <see cref="RunSettings.ProgressInterval"/> (5 s by default, so a line comes
/// at least every 10 s however long a phase lasts: starting a host, driving, a ceiling run, idling), and one line as
/// each phase starts. A line: <c>[load 1000 35s] driving: 1,234 of 4,000 events issued</c>.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly string _scenario;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile Phase _phase = new("starting", null);

    /// <summary>Starts printing to <see cref="RunSettings.Progress"/> every <see cref="RunSettings.ProgressInterval"/>.</summary>
    /// <param name="settings">Where to print, how often, on which clock.</param>
    /// <param name="scenario">The scenario and its size, e.g. <c>load 1000</c>.</param>
    public ProgressReporter(RunSettings settings, string scenario)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _output = TextWriter.Synchronized(settings.Progress);
        _scenario = scenario;
        _time = settings.Time;
        _started = _time.GetTimestamp();
        var interval = settings.ProgressInterval;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval, _time);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Write();
            }
        });
    }

    /// <summary>Starts a phase: prints its first line now, then its state on every tick.</summary>
    /// <param name="name">The phase, e.g. <c>driving</c> or <c>honest ceiling</c>.</param>
    /// <param name="state">How far it got, read on every line; null when there is nothing to count.</param>
    public void Enter(string name, Func<string>? state = null)
    {
        _phase = new Phase(name, state);
        Write();
    }

    /// <inheritdoc />
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

    private void Write()
    {
        var phase = _phase;
        var elapsed = _time.GetElapsedTime(_started).TotalSeconds;
        var state = phase.State is null ? string.Empty : ": " + phase.State();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{_scenario} {elapsed:0}s] {phase.Name}{state}"));
    }

    private sealed record Phase(string Name, Func<string>? State);
}
