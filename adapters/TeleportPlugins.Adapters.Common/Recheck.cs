namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// Reads something from a tool again until it agrees with what a webhook claimed: tools deliver webhooks before
/// their API shows the change, and a forged webhook never agrees. Waits on the given clock, so tests use a fake one.
/// </summary>
public static class Recheck
{
    /// <summary>Calls <paramref name="read"/> until <paramref name="agrees"/> holds, at most <paramref name="attempts"/> times.</summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="read">Reads the current value; null means "not there".</param>
    /// <param name="agrees">Whether the value confirms the claim.</param>
    /// <param name="attempts">How many reads at most (at least 1).</param>
    /// <param name="interval">The wait between reads.</param>
    /// <param name="timeProvider">The clock to wait on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first value that agrees, or null when none did.</returns>
    public static async Task<T?> UntilAsync<T>(
        Func<CancellationToken, Task<T?>> read,
        Func<T, bool> agrees,
        int attempts,
        TimeSpan interval,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(agrees);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            var value = await read(cancellationToken);
            if (value is not null && agrees(value))
            {
                return value;
            }

            if (attempt >= attempts)
            {
                return null;
            }

            await Task.Delay(interval, timeProvider, cancellationToken);
        }
    }
}
