using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// Sends the bot token on every call and reads the server's clock off each answer's <c>Date</c> header: Mattermost
/// stamps posts with its own clock, so a resumed lookup searches from the lost attempt's claim on that clock rather
/// than a wide margin for skew, which in a busy channel is thousands of posts to page through.
/// </summary>
/// <param name="authorization">The bot token as a Bearer header.</param>
/// <param name="time">The adapter's clock (the one claims are stamped with).</param>
internal sealed class MattermostServerClock(AuthenticationHeaderValue authorization, TimeProvider time) : DelegatingHandler
{
    private long _offsetTicks;
    private int _known;

    /// <summary>
    /// How far the server's clock is ahead of ours, as last measured, or null before any answer carried a Date. The
    /// header has whole seconds and is stamped before the answer travels, so the measure is never more than the true
    /// offset: a time computed with it is never later on the server's clock than the truth.
    /// </summary>
    public TimeSpan? Offset => Volatile.Read(ref _known) == 1 ? TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks)) : null;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = authorization;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.Date is { } date)
        {
            Interlocked.Exchange(ref _offsetTicks, (date - time.GetUtcNow()).Ticks);
            Volatile.Write(ref _known, 1);
        }

        return response;
    }
}
