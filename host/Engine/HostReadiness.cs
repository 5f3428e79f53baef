using TeleportPlugins.Host.Http;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// Readiness as the anchors define it (ready only after the first watch INIT), plus: every enabled adapter started
/// healthy. Written by the engine, read by <c>GET /readyz</c>.
/// </summary>
/// <param name="givenUp">Steps given up for good lately: listed as notes, which never make the host unready.</param>
internal sealed class HostReadiness(GivenUpSteps? givenUp = null) : IReadinessSource
{
    private volatile bool _watchInitialized;
    private volatile AdapterCounts? _adapters;

    /// <summary>Records how many adapters were enabled and how many started healthy.</summary>
    /// <param name="enabled">Enabled in the configuration.</param>
    /// <param name="healthy">Started and passed their health check.</param>
    public void SetAdapters(int enabled, int healthy) => _adapters = new AdapterCounts(enabled, healthy);

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

        switch (_adapters)
        {
            case null:
                reasons.Add("the adapters have not been started yet");
                break;
            case { Healthy: var healthy, Enabled: var enabled } when healthy < enabled:
                reasons.Add($"{enabled - healthy} of {enabled} enabled adapters failed to start");
                break;
        }

        return new ReadinessReport(reasons.Count == 0, reasons) { Notes = givenUp?.Describe() ?? [] };
    }

    private sealed record AdapterCounts(int Enabled, int Healthy);
}
