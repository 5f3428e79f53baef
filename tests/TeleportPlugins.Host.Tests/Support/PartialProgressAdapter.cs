using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>
/// Posts to two channels per request, recording each post in its state as it goes, as the shipped adapters do; the
/// first attempt fails after the first post. Shows what a retry sees.
/// </summary>
internal sealed class PartialProgressAdapter(Exception firstFailure) : IAccessRequestAdapter
{
    private int _attempts;

    /// <summary>Every post, by channel: a channel posted twice would be a duplicate message.</summary>
    public ConcurrentQueue<string> Posts { get; } = new();

    public int Attempts => Volatile.Read(ref _attempts);

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(AdapterHealth.Healthy("ok"));

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        foreach (var channel in new[] { "C1", "C2" })
        {
            var sent = context.State.Get("messages") ?? string.Empty;
            if (sent.Split(',').Contains(channel))
            {
                continue;
            }

            Posts.Enqueue(channel);
            context.State.Set("messages", sent.Length == 0 ? channel : $"{sent},{channel}");
            if (attempt == 1)
            {
                throw firstFailure;
            }
        }

        return Task.CompletedTask;
    }

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
