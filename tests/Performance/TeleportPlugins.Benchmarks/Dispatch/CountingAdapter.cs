using TeleportPlugins.Contracts;

namespace TeleportPlugins.Benchmarks.Dispatch;

/// <summary>An adapter that does nothing but count its calls and say when an expected number has arrived.</summary>
internal sealed class CountingAdapter : IAccessRequestAdapter
{
    private int _calls;
    private int _expected;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls since the last <see cref="Expect"/>.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Starts counting from zero.</summary>
    /// <param name="calls">How many calls to wait for.</param>
    /// <returns>A task that completes when that many calls have arrived.</returns>
    public Task Expect(int calls)
    {
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _expected, calls);
        Volatile.Write(ref _calls, 0);
        return _arrived.Task;
    }

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(AdapterHealth.Healthy("counting"));

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => Count();

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => Count();

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => Count();

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => Count();

    private Task Count()
    {
        if (Interlocked.Increment(ref _calls) == Volatile.Read(ref _expected))
        {
            _arrived.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
