using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// A resumed step's lookup reads the tool page by page, and one failed page loses the pages read before it: with a
/// few percent of calls failing (a 503, a 429), a lookup of tens of pages would almost never finish, and every retry
/// of the step starts again over a window that has grown meanwhile. So each read of a lookup is retried within the
/// step. Reads change nothing in the tool, so retrying them never duplicates; creates are never retried here (the
/// host owns those retries).
/// </summary>
public static class LookupReads
{
    /// <summary>How many times one read is tried before its failure fails the step.</summary>
    public const int Attempts = 5;

    /// <summary>The longest Retry-After waited for within the step; a longer one fails the step, which the host reschedules.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="read"/>, again after a transient failure (its Retry-After, else 0.2, 0.4, 0.8, 1.6 s).</summary>
    /// <typeparam name="T">The answer.</typeparam>
    /// <param name="read">One read of the tool, including the check of its answer.</param>
    /// <param name="time">The adapter's clock, for the pauses.</param>
    /// <param name="cancellationToken">Cancels the read and the pauses.</param>
    /// <returns>The answer.</returns>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> read, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (TransientAdapterException e) when (attempt < Attempts && (e.RetryAfter ?? TimeSpan.Zero) <= LongestWait)
            {
                await Task.Delay(e.RetryAfter ?? FirstPause * (1 << (attempt - 1)), time, cancellationToken);
            }
        }
    }
}
