using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// Discord's per-channel rate-limit buckets: when an answer says a channel's bucket is empty
/// (<c>X-RateLimit-Remaining: 0</c>), the next call to that channel waits for the reset instead of drawing a 429,
/// because Discord bans bots that collect too many. Waiting uses the adapter's clock.
/// </summary>
internal sealed class DiscordBuckets(TimeProvider timeProvider)
{
    /// <summary>Discord's own reset header: seconds (fractions allowed) until the bucket refills.</summary>
    public const string ResetAfterHeader = "X-RateLimit-Reset-After";

    private readonly Dictionary<string, DateTimeOffset> _resets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Waits until the channel's bucket has refilled, when an earlier answer said it was empty.</summary>
    public async Task WaitTurnAsync(string channelId, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            wait = _resets.Remove(channelId, out var reset) ? reset - timeProvider.GetUtcNow() : TimeSpan.Zero;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    /// <summary>Notes an empty bucket from an answer's headers (any status).</summary>
    public void Remember(string channelId, HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("X-RateLimit-Remaining", out var remaining) && remaining.FirstOrDefault() == "0"
            && HttpFailures.RetryDelay(headers, ResetAfterHeader) is { } resetAfter)
        {
            lock (_gate)
            {
                _resets[channelId] = timeProvider.GetUtcNow() + resetAfter;
            }
        }
    }
}
