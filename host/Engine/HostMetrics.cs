using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// The engine's families of <c>GET /metrics</c>: the adapters serving requests, each adapter's steps by outcome with the
/// claim-to-confirm time of delivered ones, and the watch streams opened. Written by the engine, read by the listener.
/// Labels are adapter names, kinds of step and outcomes: never a request ID, a user name or a secret.
/// </summary>
/// <param name="givenUp">Where steps given up for good are described for <c>GET /readyz</c>; by default a record on the system clock.</param>
internal sealed class HostMetrics(GivenUpSteps? givenUp = null) : IMetricsSource
{
    private const string Steps = "teleport_plugins_steps_total";
    private const string StepDuration = "teleport_plugins_step_duration_seconds";
    private const string StepsResumed = "teleport_plugins_steps_resumed_total";
    private readonly Lock _gate = new();
    private AdapterStepMetrics[] _adapters = [];
    private long _watchStreamsOpened;

    /// <summary>The steps given up for good lately, by adapter.</summary>
    public GivenUpSteps GivenUp { get; } = givenUp ?? new GivenUpSteps(TimeProvider.System);

    /// <summary>The counters of one adapter, created on first use; its series are written from then on, at zero until counted.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <returns>Its counters.</returns>
    public AdapterStepMetrics ForAdapter(string adapter)
    {
        lock (_gate)
        {
            var known = Array.Find(_adapters, metrics => string.Equals(metrics.Adapter, adapter, StringComparison.Ordinal));
            if (known is not null)
            {
                return known;
            }

            var added = new AdapterStepMetrics(adapter, GivenUp);
            _adapters = [.. _adapters, added];
            return added;
        }
    }

    /// <summary>Counts a watch stream opened (the first, and every reconnect).</summary>
    public void WatchStreamOpened() => Interlocked.Increment(ref _watchStreamsOpened);

    /// <inheritdoc />
    public void Write(PrometheusTextWriter writer)
    {
        var adapters = Volatile.Read(ref _adapters);
        writer.Metric("teleport_plugins_adapters_loaded", PrometheusTextWriter.Gauge, "Adapters serving: passed their health check, at start-up or on a later retry, and receive access requests.", adapters.Length);
        writer.Metric("teleport_plugins_watch_streams_opened_total", PrometheusTextWriter.Counter, "Access request watch streams opened: the first and every reconnect.", Interlocked.Read(ref _watchStreamsOpened));

        writer.Family(Steps, PrometheusTextWriter.Counter, "Attempts at lifecycle steps by adapter, kind of step and outcome (delivered, retried, failed).");
        foreach (var metrics in adapters)
        {
            foreach (var kind in AdapterStepMetrics.Kinds)
            {
                foreach (var outcome in AdapterStepMetrics.Outcomes)
                {
                    writer.Sample(Steps, metrics.Steps(kind, outcome), ("adapter", metrics.Adapter), ("step", LifecycleStep.KindName(kind)), ("outcome", OutcomeName(outcome)));
                }
            }
        }

        writer.Family(StepsResumed, PrometheusTextWriter.Counter, "Attempts at lifecycle steps that resumed an earlier attempt claimed and never confirmed (the process or another replica stopped in between), by adapter and kind of step; the adapter looked in the tool before creating anything again.");
        foreach (var metrics in adapters)
        {
            foreach (var kind in AdapterStepMetrics.Kinds)
            {
                writer.Sample(StepsResumed, metrics.ResumedSteps(kind), ("adapter", metrics.Adapter), ("step", LifecycleStep.KindName(kind)));
            }
        }

        writer.Family(StepDuration, PrometheusTextWriter.Histogram, "Seconds from claiming a step to confirming it delivered, adapter call included.");
        foreach (var metrics in adapters)
        {
            foreach (var kind in AdapterStepMetrics.Kinds)
            {
                writer.HistogramSeries(StepDuration, AdapterStepMetrics.DurationBounds, metrics.DurationCounts(kind), metrics.DurationSum(kind).TotalSeconds, ("adapter", metrics.Adapter), ("step", LifecycleStep.KindName(kind)));
            }
        }
    }

    private static string OutcomeName(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Delivered => "delivered",
        StepOutcome.Retried => "retried",
        StepOutcome.Failed => "failed",
        _ => throw new InvalidOperationException($"Unknown outcome {outcome}."),
    };
}
