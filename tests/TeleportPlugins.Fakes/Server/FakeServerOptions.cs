namespace TeleportPlugins.Fakes;

/// <summary>How a fake runs: recording every call (tests) or lean and counted (load runs), and the faults it injects.</summary>
public sealed record FakeServerOptions
{
    /// <summary>For tests: every call kept in <see cref="FakeApiServer.Requests"/>, no faults, nothing observed.</summary>
    public static FakeServerOptions Recording { get; } = new();

    /// <summary>Whether every call is kept (headers and body) in <see cref="FakeApiServer.Requests"/>; off for load runs, which only count.</summary>
    public bool RecordRequests { get; init; } = true;

    /// <summary>The random faults injected in front of the routes once armed.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>Told of every accepted call, or null.</summary>
    public ICallObserver? Observer { get; init; }

    /// <summary>The options of a load run: nothing kept per call, accepted calls told to <paramref name="observer"/>.</summary>
    /// <param name="observer">The arrival bookkeeping.</param>
    /// <param name="faults">The faults to inject.</param>
    /// <returns>The options.</returns>
    public static FakeServerOptions Counted(ICallObserver observer, FaultPlan faults) =>
        new() { RecordRequests = false, Observer = observer, Faults = faults };
}
