using System.Diagnostics;

namespace TeleportPlugins.Fakes;

/// <summary>A period during which a fake answers nothing: every call waits until the period ends (or the caller gives up).</summary>
public sealed class HangWindow
{
    private long _until;

    /// <summary>Whether a hang is in progress.</summary>
    public bool Active => Stopwatch.GetTimestamp() < Interlocked.Read(ref _until);

    /// <summary>Hangs from now for <paramref name="duration"/>.</summary>
    /// <param name="duration">How long.</param>
    public void Start(TimeSpan duration) =>
        Interlocked.Exchange(ref _until, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));

    /// <summary>Waits out the hang, if any.</summary>
    /// <param name="cancellationToken">The caller gave up (connection closed).</param>
    /// <returns>A task.</returns>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var remaining = Interlocked.Read(ref _until) - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellationToken);
        }
    }
}
