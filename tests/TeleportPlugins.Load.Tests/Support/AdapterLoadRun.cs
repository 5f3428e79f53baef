using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Tests.Support;

/// <summary>
/// A real adapter run in-process the way the host runs it, through load requests with the load run's marked texts:
/// one adapter instance, one state per request, each step attempted again after a transient failure (the retry skips
/// what the state says is done). Its HttpClient counts the answers the adapter received.
/// </summary>
internal sealed class AdapterLoadRun : IDisposable
{
    private const int MaxAttempts = 30;
    private readonly AdapterTestContext _host;
    private readonly HttpClient _http;
    private readonly Action? _beforeEachAttempt;

    /// <summary>Creates the adapter from its factory.</summary>
    /// <param name="factory">The adapter's factory.</param>
    /// <param name="options">Its options, with the values of the load tool's configuration section.</param>
    /// <param name="clock">The adapter's clock; the system clock by default.</param>
    /// <param name="beforeEachAttempt">Runs before each step attempt, e.g. to move a fake clock past a pacer's interval.</param>
    public AdapterLoadRun(IAccessRequestAdapterFactory factory, object options, TimeProvider? clock = null, Action? beforeEachAttempt = null)
    {
        _host = new AdapterTestContext(factory.Name, clock);
        _http = new HttpClient(Answers);
        _beforeEachAttempt = beforeEachAttempt;
        var context = _host.Context;
        Adapter = factory.Create(
            new AdapterContext
            {
                Name = context.Name,
                Logger = context.Logger,
                HttpClient = _http,
                TimeProvider = context.TimeProvider,
                Reviews = context.Reviews,
                States = context.States,
                RoleToRecipients = context.RoleToRecipients,
                Cluster = context.Cluster,
            },
            options);
    }

    public IAccessRequestAdapter Adapter { get; }

    /// <summary>The answers the adapter received.</summary>
    public CountingHandler Answers { get; } = new();

    /// <summary>Step attempts that failed transiently and were made again.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>
    /// Runs requests 0 to <paramref name="requests"/> - 1 through created, two approvals and approval, each text carrying
    /// its marker as the load driver's do.
    /// </summary>
    /// <param name="requests">How many requests.</param>
    /// <returns>A task that completes when every step succeeded.</returns>
    public async Task RunAsync(int requests)
    {
        for (var index = 0; index < requests; index++)
        {
            var state = new AdapterRequestState();
            var created = SampleRequests.Pending($"00000000-0000-4000-8000-{index:D12}") with { Reason = $"Load request {Markers.Of(RequestEvent.Created, index)}" };
            await StepAsync(created.Id, state, adapter => adapter.OnRequestCreatedAsync(new RequestCreatedContext(created, state), CancellationToken.None));

            var first = created.WithReview("bob@example.com", AccessRequestState.Approved, $"Looks right {Markers.Of(RequestEvent.FirstReview, index)}");
            await StepAsync(created.Id, state, adapter => adapter.OnReviewAddedAsync(new ReviewAddedContext(first.Request, state, first.Review, first.Index), CancellationToken.None));

            var second = first.Request.WithReview("carol@example.com", AccessRequestState.Approved, $"Agreed {Markers.Of(RequestEvent.SecondReview, index)}");
            await StepAsync(created.Id, state, adapter => adapter.OnReviewAddedAsync(new ReviewAddedContext(second.Request, state, second.Review, second.Index), CancellationToken.None));

            var resolved = second.Request.Resolved(AccessRequestState.Approved, $"Two approvals {Markers.Of(RequestEvent.Resolved, index)}");
            await StepAsync(created.Id, state, adapter => adapter.OnRequestResolvedAsync(new RequestResolvedContext(resolved, state), CancellationToken.None));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _host.Dispose();
    }

    private async Task StepAsync(string requestId, AdapterRequestState state, Func<IAccessRequestAdapter, Task> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            _beforeEachAttempt?.Invoke();
            var failure = await SampleRequests.AttemptAsync(() => step(Adapter));
            _host.States.Remember(requestId, state);
            if (failure is null)
            {
                return;
            }

            if (failure is not TransientAdapterException || attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"a step of request {requestId} failed after {attempt} attempt(s): {failure.Message}", failure);
            }

            FailedAttempts++;
        }
    }
}
