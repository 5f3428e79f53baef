using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>
/// An adapter that records every step as <c>created</c>, <c>review:N</c>, <c>resolved:STATE</c> or <c>expired</c> per
/// request, stores a <c>messages</c> key like the anchors do, and runs an optional hook first (to throw or hang).
/// </summary>
internal class RecordingAdapter(string name) : IAccessRequestAdapter
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string RequestId, string Step, StepResumption Resumed)> _resumed = new();
    private int _calls;

    public string Name => name;

    /// <summary>Runs before each step is recorded: (step, request ID, token). Throw to fail, await to hang.</summary>
    public Func<string, string, CancellationToken, Task>? Hook { get; set; }

    /// <summary>Sees (and may change) the adapter state handed to each step.</summary>
    public Action<AdapterRequestState>? StateHook { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The recorded steps of one request, in delivery order.</summary>
    public IReadOnlyList<string> StepsOf(string requestId) => _steps.TryGetValue(requestId, out var steps) ? [.. steps] : [];

    /// <summary>The steps that were told they resume an earlier, unconfirmed attempt, with what they were told.</summary>
    public IReadOnlyList<(string RequestId, string Step, StepResumption Resumed)> Resumptions => [.. _resumed];

    /// <summary>Every request with recorded steps.</summary>
    public IReadOnlyCollection<string> Requests => [.. _steps.Keys];

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(AdapterHealth.Healthy("ok"));

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        await RecordAsync(context, "created", cancellationToken);
        context.State.Set("messages", $"{name}-channel/{context.Request.Id}");
    }

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) =>
        RecordAsync(context, $"review:{context.ReviewIndex}", cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        RecordAsync(context, $"resolved:{context.Resolution}", cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        RecordAsync(context, "expired", cancellationToken);

    private async Task RecordAsync(AccessRequestStepContext context, string step, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (context.Resumed is { } resumed)
        {
            _resumed.Enqueue((context.Request.Id, step, resumed));
        }

        if (Hook is { } hook)
        {
            await hook(step, context.Request.Id, cancellationToken);
        }

        StateHook?.Invoke(context.State);

        _steps.GetOrAdd(context.Request.Id, _ => new ConcurrentQueue<string>()).Enqueue(step);
    }
}
