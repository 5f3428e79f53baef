using TeleportPlugins.Host.Engine;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>A step being retried after transient failures: since when, and the backoff so far.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="FirstFailure">When it first failed; the maximum retry age counts from here.</param>
/// <param name="Backoff">The step's own decorrelated backoff.</param>
internal sealed record RetryState(string Step, DateTimeOffset FirstFailure, DecorrelatedBackoff Backoff)
{
    /// <summary>
    /// How long to wait before the next attempt. A tool's Retry-After is honoured as given: the tool knows when its
    /// limit resets, so waiting longer only delays delivery, and a rate limit is not an outage, so it leaves the
    /// backoff where it was. Only failures without a usable Retry-After (outages, timeouts, a Retry-After of zero that
    /// would otherwise retry in a tight loop) move the decorrelated backoff on.
    /// </summary>
    /// <param name="retryAfter">The delay the tool asked for, if any.</param>
    /// <returns>The delay.</returns>
    public TimeSpan NextDelay(TimeSpan? retryAfter) =>
        retryAfter is { } asked && asked > TimeSpan.Zero ? asked : Backoff.Next();
}
