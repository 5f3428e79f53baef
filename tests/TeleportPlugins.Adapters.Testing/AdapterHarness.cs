using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>
/// An adapter created by its factory as the host creates it, with one request's state and step helpers that behave
/// like the host: the state written by an attempt survives the attempt's failure, which is returned, not thrown.
/// </summary>
public sealed class AdapterHarness : IDisposable
{
    private readonly IAccessRequestAdapterFactory _factory;
    private readonly Action? _beforeEachStep;
    private readonly TimeProvider _clock;
    private IReadOnlyDictionary<string, string> _beforeLastAttempt = new Dictionary<string, string>();
    private StepResumption? _lastAttempt;
    private StepResumption? _resumeNext;

    /// <summary>Creates the adapter.</summary>
    /// <param name="factory">The adapter's factory.</param>
    /// <param name="options">Bound options.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="roleToRecipients">The top-level <c>[role_to_recipients]</c>.</param>
    /// <param name="proxy">The proxy address, or null.</param>
    /// <param name="beforeEachStep">Runs before each step, e.g. to move a fake clock on as time passes between steps.</param>
    /// <param name="onBehalfReviews">Teleport's side of approve-from-tool; none by default.</param>
    public AdapterHarness(
        IAccessRequestAdapterFactory factory, object options, TimeProvider clock, RoleToRecipients roleToRecipients, string? proxy = "teleport.example.com:443", Action? beforeEachStep = null, IOnBehalfReviewService? onBehalfReviews = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _beforeEachStep = beforeEachStep;
        _clock = clock;
        Host = new AdapterTestContext(factory.Name, clock, roleToRecipients, proxy, onBehalfReviews);
        Adapter = factory.Create(Host.Context, options);
    }

    /// <summary>The host's side: logs and reviews.</summary>
    public AdapterTestContext Host { get; }

    /// <summary>The adapter.</summary>
    public IAccessRequestAdapter Adapter { get; }

    /// <summary>The request's state, as the host persists it.</summary>
    public AdapterRequestState State { get; } = new();

    /// <summary>What the host's Access Monitoring Rules route every following step to (contract 1.4); null: none matched.</summary>
    public IReadOnlyList<string>? RoutedRecipients { get; set; }

    /// <summary>Builds a role-to-recipients map.</summary>
    /// <param name="entries">Role and recipients.</param>
    /// <returns>The map.</returns>
    public static RoleToRecipients Recipients(params (string Role, string[] Recipients)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, IReadOnlyList<string>>(e.Role, e.Recipients)));

    /// <summary>A second replica: another adapter instance from the same factory sharing the host's services.</summary>
    /// <param name="options">Its options.</param>
    /// <returns>The adapter.</returns>
    public IAccessRequestAdapter CreateReplica(object options) => _factory.Create(Host.Context, options);

    /// <summary>One attempt of the created step.</summary>
    /// <param name="request">The request.</param>
    /// <param name="adapter">The replica to run it on; this harness's adapter by default.</param>
    /// <returns>The failure, or null.</returns>
    public Task<Exception?> CreatedAsync(AccessRequestSnapshot request, IAccessRequestAdapter? adapter = null) =>
        StepAsync(adapter, "created", resumed => a => a.OnRequestCreatedAsync(new RequestCreatedContext(request, State) { Resumed = resumed, RoutedRecipients = RoutedRecipients }, CancellationToken.None));

    /// <summary>One attempt of the review step.</summary>
    /// <param name="reviewed">The request with the review and its index.</param>
    /// <param name="adapter">The replica to run it on; this harness's adapter by default.</param>
    /// <returns>The failure, or null.</returns>
    public Task<Exception?> ReviewAsync((AccessRequestSnapshot Request, AccessReview Review, int Index) reviewed, IAccessRequestAdapter? adapter = null) =>
        StepAsync(adapter, $"review:{reviewed.Index}", resumed => a => a.OnReviewAddedAsync(new ReviewAddedContext(reviewed.Request, State, reviewed.Review, reviewed.Index) { Resumed = resumed, RoutedRecipients = RoutedRecipients }, CancellationToken.None));

    /// <summary>One attempt of the resolved step.</summary>
    /// <param name="request">The resolved request.</param>
    /// <param name="adapter">The replica to run it on; this harness's adapter by default.</param>
    /// <returns>The failure, or null.</returns>
    public Task<Exception?> ResolvedAsync(AccessRequestSnapshot request, IAccessRequestAdapter? adapter = null) =>
        StepAsync(adapter, "resolved", resumed => a => a.OnRequestResolvedAsync(new RequestResolvedContext(request, State) { Resumed = resumed, RoutedRecipients = RoutedRecipients }, CancellationToken.None));

    /// <summary>One attempt of the expired step.</summary>
    /// <param name="request">The request as the host knows it.</param>
    /// <param name="adapter">The replica to run it on; this harness's adapter by default.</param>
    /// <returns>The failure, or null.</returns>
    public Task<Exception?> ExpiredAsync(AccessRequestSnapshot request, IAccessRequestAdapter? adapter = null) =>
        StepAsync(adapter, "expired", resumed => a => a.OnRequestExpiredAsync(new RequestExpiredContext(request, State) { Resumed = resumed, RoutedRecipients = RoutedRecipients }, CancellationToken.None));

    /// <summary>One attempt of a reminder (the adapter must be an <see cref="IReminderSender"/>).</summary>
    /// <param name="request">The pending request.</param>
    /// <param name="number">The reminder's number.</param>
    /// <param name="escalateTo">The escalation recipients, or empty.</param>
    /// <param name="adapter">The replica to run it on; this harness's adapter by default.</param>
    /// <returns>The failure, or null.</returns>
    public Task<Exception?> ReminderAsync(AccessRequestSnapshot request, int number, IReadOnlyList<string> escalateTo, IAccessRequestAdapter? adapter = null) =>
        StepAsync(adapter, $"reminder:{number}", resumed => a => ((IReminderSender)a).OnReminderAsync(new RequestReminderContext(request, State, number, escalateTo) { Resumed = resumed, RoutedRecipients = RoutedRecipients }, CancellationToken.None));

    /// <summary>
    /// Models a crash (SIGKILL) after the last attempt's calls reached the tool but before the host recorded what it
    /// wrote: the state goes back to what it was before that attempt, and the next step is told, as the host tells
    /// it (contract 1.2), that it resumes an unconfirmed attempt claimed when the last one started; so are its retries
    /// after a failure, until one succeeds.
    /// </summary>
    public void LoseLastAttempt()
    {
        if (_lastAttempt is null)
        {
            throw new InvalidOperationException("No step was attempted yet.");
        }

        foreach (var key in State.Keys.ToList())
        {
            State.Remove(key);
        }

        foreach (var (key, value) in _beforeLastAttempt)
        {
            State.Set(key, value);
        }

        _resumeNext = _lastAttempt;
    }

    /// <inheritdoc />
    public void Dispose() => Host.Dispose();

    private async Task<Exception?> StepAsync(IAccessRequestAdapter? adapter, string step, Func<StepResumption?, Func<IAccessRequestAdapter, Task>> attempt)
    {
        _beforeEachStep?.Invoke();
        var resumed = _resumeNext;
        _resumeNext = null;
        _beforeLastAttempt = State.ToDictionary();
        _lastAttempt = new StepResumption(step, _clock.GetUtcNow());
        var call = attempt(resumed);
        var failure = await SampleRequests.AttemptAsync(() => call(adapter ?? Adapter));

        // As the host does (tp_resumed): a resumed attempt that fails leaves its retries resumed too, until one succeeds.
        if (failure is not null && resumed is not null)
        {
            _resumeNext ??= resumed;
        }

        return failure;
    }
}
