using System.Globalization;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Runtime;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// Readiness as the anchors define it (ready only after the first watch INIT), plus: every enabled adapter serves.
/// The body names each enabled adapter's state. Liveness: the process is alive, unless start-up is over and no enabled
/// adapter serves. Written by the engine, read by <c>GET /readyz</c> and <c>GET /healthz</c>.
/// </summary>
/// <param name="givenUp">Steps given up for good lately: listed as notes, which never make the host unready.</param>
internal sealed class HostReadiness(GivenUpSteps? givenUp = null) : IReadinessSource
{
    private volatile bool _watchInitialized;
    private volatile Func<IReadOnlyList<AdapterStatus>?>? _adapters;

    /// <summary>Follows the enabled adapters' states from now on.</summary>
    /// <param name="statuses">Every enabled adapter's state; null until their start began.</param>
    public void TrackAdapters(Func<IReadOnlyList<AdapterStatus>?> statuses) => _adapters = statuses;

    /// <summary>Records that a watch stream delivered its INIT; stays set across reconnects, as in the anchors.</summary>
    public void MarkWatchInitialized() => _watchInitialized = true;

    /// <inheritdoc />
    public ReadinessReport Check()
    {
        var reasons = new List<string>();
        if (!_watchInitialized)
        {
            reasons.Add("the access request watch has not been initialized yet");
        }

        var statuses = _adapters?.Invoke();
        if (statuses is null)
        {
            reasons.Add("the adapters have not been started yet");
            return new ReadinessReport(false, reasons);
        }

        var notServing = statuses.Count(s => s.State != AdapterState.Serving);
        if (notServing > 0)
        {
            reasons.Add($"{notServing} of {statuses.Count} enabled adapters are not serving");
        }

        return new ReadinessReport(reasons.Count == 0, reasons, [.. statuses.Select(Describe)]) { Notes = givenUp?.Describe() ?? [] };
    }

    /// <inheritdoc />
    public ReadinessReport CheckLiveness()
    {
        var statuses = _adapters?.Invoke();

        // While adapters are still being started (their first health checks may take [adapters] health_check_timeout),
        // the process is alive: a liveness probe must not restart a host that is merely starting.
        if (statuses is null || statuses.Count == 0 || statuses.Any(s => s.State is AdapterState.Serving or AdapterState.Starting))
        {
            return new ReadinessReport(true, []);
        }

        return new ReadinessReport(false, [$"none of the {statuses.Count} enabled adapters is serving"], [.. statuses.Select(Describe)]);
    }

    /// <summary>One line per adapter; the last error is the adapter's own description of the failure, never its options.</summary>
    private static string Describe(AdapterStatus status) => status switch
    {
        { State: AdapterState.Serving } => string.Create(CultureInfo.InvariantCulture, $"adapter {status.Name}: serving since {status.Since:yyyy-MM-ddTHH:mm:ssZ}"),
        { State: AdapterState.Starting } => string.Create(CultureInfo.InvariantCulture, $"adapter {status.Name}: starting since {status.Since:yyyy-MM-ddTHH:mm:ssZ}"),
        _ => string.Create(
            CultureInfo.InvariantCulture,
            $"adapter {status.Name}: retrying since {status.Since:yyyy-MM-ddTHH:mm:ssZ} (attempt {status.Attempts}, next at {status.NextAttempt:yyyy-MM-ddTHH:mm:ssZ}); last error: {status.LastError}"),
    };
}
