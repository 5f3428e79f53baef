using TeleportPlugins.Fakes;
using System.Globalization;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>
/// One tool's fake, counted,, started as the load run starts it, and the real adapter created by its factory from options
/// bound from the tool's <see cref="ILoadTool.ConfigSection"/>. Steps run like the host runs them: a transient failure
/// is retried with the state the failed attempt wrote. Request texts carry the load run's markers.
/// </summary>
internal sealed class LoadToolDriver : IAsyncDisposable
{
    private const int MaxAttempts = 30;
    private static readonly TimeSpan LongestRetryWait = TimeSpan.FromMilliseconds(200);

    private readonly AdapterTestContext _host;
    private readonly HttpClient _http;

    private LoadToolDriver(IAccessRequestAdapterFactory factory, ILoadTool tool, ArrivalLog log, object options)
    {
        Tool = tool;
        Log = log;
        ToolIndex = log.IndexOf(tool.Adapter);
        Options = options;
        _host = new AdapterTestContext(factory.Name);
        _http = new HttpClient(Statuses);
        // The test context's services, with a client that tallies the statuses the adapter saw.
        var context = new AdapterContext
        {
            Name = _host.Context.Name,
            Logger = _host.Context.Logger,
            HttpClient = _http,
            TimeProvider = _host.Context.TimeProvider,
            Reviews = _host.Context.Reviews,
            States = _host.Context.States,
            RoleToRecipients = _host.Context.RoleToRecipients,
            Cluster = _host.Context.Cluster,
        };
        Adapter = factory.Create(context, options);
    }

    /// <summary>The tool under test.</summary>
    public ILoadTool Tool { get; }

    /// <summary>Its fake.</summary>
    public FakeApiServer Server => Tool.Server;

    /// <summary>What the fake counted.</summary>
    public ArrivalLog Log { get; }

    /// <summary>The tool's index in <see cref="Log"/>.</summary>
    public int ToolIndex { get; }

    /// <summary>The adapter's options, bound from the tool's configuration section.</summary>
    public object Options { get; }

    /// <summary>The real adapter.</summary>
    public IAccessRequestAdapter Adapter { get; }

    /// <summary>The statuses of every answer the adapter received.</summary>
    public StatusTally Statuses { get; } = new();

    /// <summary>Starts the tool for <paramref name="requests"/> requests and creates its adapter.</summary>
    /// <param name="factory">The adapter's factory; its name is the tool's.</param>
    /// <param name="requests">How many requests the log tracks.</param>
    /// <param name="faults">The failures the fake injects; none by default.</param>
    /// <returns>The driver.</returns>
    public static async Task<LoadToolDriver> StartAsync(IAccessRequestAdapterFactory factory, int requests, FaultPlan? faults = null)
    {
        var log = new ArrivalLog(requests, [factory.Name]);
        var tool = (await LoadTools.StartAsync([factory.Name], log, faults ?? FaultPlan.None))[0];
        var options = ConfigSectionBinder.Bind(tool.ConfigSection, factory.Name, factory.OptionsType);
        Assert.That(OptionsValidation.Validate(options), Is.Empty, $"[{factory.Name}] of the load tool does not validate");
        return new LoadToolDriver(factory, tool, log, options);
    }

    /// <summary>Load request <paramref name="index"/>, pending, with its created marker and the tool's annotations.</summary>
    /// <param name="index">The request's number.</param>
    /// <returns>The snapshot.</returns>
    public AccessRequestSnapshot Request(int index) =>
        SampleRequests.Pending(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{index:D12}")) with
        {
            Reason = $"load request {Markers.Of(RequestEvent.Created, index)}",
            SystemAnnotations = Tool.RequestAnnotations,
        };

    /// <summary>Runs the created step of request <paramref name="index"/> with a fresh state.</summary>
    /// <param name="index">The request's number.</param>
    /// <param name="resumed">Set to run it as the host runs a step whose earlier attempt was never confirmed.</param>
    /// <returns>The state the step left.</returns>
    public async Task<AdapterRequestState> CreateAsync(int index, StepResumption? resumed = null)
    {
        var state = new AdapterRequestState();
        var request = Request(index);
        await StepAsync(a => a.OnRequestCreatedAsync(new RequestCreatedContext(request, state) { Resumed = resumed }, CancellationToken.None));
        return state;
    }

    /// <summary>Runs request <paramref name="index"/> through created, two reviews and approval, each text marked.</summary>
    /// <param name="index">The request's number.</param>
    /// <returns>A task.</returns>
    public async Task RunLifecycleAsync(int index)
    {
        var state = new AdapterRequestState();
        var request = Request(index);
        await StepAsync(a => a.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));
        var first = request.WithReview("bob@example.com", AccessRequestState.Approved, $"first {Markers.Of(RequestEvent.FirstReview, index)}");
        await StepAsync(a => a.OnReviewAddedAsync(new ReviewAddedContext(first.Request, state, first.Review, first.Index), CancellationToken.None));
        var second = first.Request.WithReview("carol@example.com", AccessRequestState.Approved, $"second {Markers.Of(RequestEvent.SecondReview, index)}");
        await StepAsync(a => a.OnReviewAddedAsync(new ReviewAddedContext(second.Request, state, second.Review, second.Index), CancellationToken.None));
        var resolved = second.Request.Resolved(AccessRequestState.Approved, $"done {Markers.Of(RequestEvent.Resolved, index)}");
        await StepAsync(a => a.OnRequestResolvedAsync(new RequestResolvedContext(resolved, state), CancellationToken.None));
    }

    /// <summary>
    /// Asserts what a clean run of <paramref name="requests"/> lifecycles must leave: every event of every request
    /// arrived, one root per request, one reply per review, and no call unknown to or refused by the fake.
    /// </summary>
    /// <param name="requests">How many requests ran.</param>
    public void AssertEveryEventArrivedOnce(int requests)
    {
        using (Assert.EnterMultipleScope())
        {
            for (var index = 0; index < requests; index++)
            {
                foreach (var requestEvent in Enum.GetValues<RequestEvent>())
                {
                    Assert.That(Log.FirstArrival(ToolIndex, requestEvent, index), Is.Not.Zero, $"{requestEvent} of request {index} never arrived");
                }

                Assert.That(Log.Roots(ToolIndex, index), Is.EqualTo(1), $"root objects of request {index}");
                Assert.That(Log.Replies(ToolIndex, RequestEvent.FirstReview, index), Is.EqualTo(1), $"replies to the first review of request {index}");
                Assert.That(Log.Replies(ToolIndex, RequestEvent.SecondReview, index), Is.EqualTo(1), $"replies to the second review of request {index}");
            }

            Assert.That(Server.UnmatchedCount, Is.Zero, "calls the fake does not know");
            Assert.That(Server.Refused, Is.Zero, "calls the fake refused");
        }
    }

    /// <summary>Sends one call to the fake with the given headers, as a client other than the adapter.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path (and query) below the fake's base address.</param>
    /// <param name="headers">The headers to send.</param>
    /// <param name="json">A JSON body, or null.</param>
    /// <returns>The status and the body.</returns>
    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, IReadOnlyDictionary<string, string> headers, string? json = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var request = new HttpRequestMessage(method, new Uri(Server.BaseAddress, path));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _host.Dispose();
        await Tool.DisposeAsync();
    }

    private async Task StepAsync(Func<IAccessRequestAdapter, Task> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step(Adapter);
                return;
            }
            catch (TransientAdapterException e) when (attempt < MaxAttempts)
            {
                var wait = e.RetryAfter is { } asked && asked < LongestRetryWait ? asked : LongestRetryWait;
                await Task.Delay(wait);
            }
        }
    }
}
