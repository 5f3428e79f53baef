using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.PagerDuty;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.PagerDuty;

/// <summary>
/// PagerDuty for load runs: the shared fake with one service every request is routed to (by the notify-service
/// annotation) and one user the adapter writes as. A repeated create gets PagerDuty's 400 for the open incident_key
/// and the adapter then finds that incident, so a request ends on one incident.
/// </summary>
internal sealed class PagerDutyLoadTool : LoadTool
{
    private const string ApiKey = "pagerduty-load-key";
    private const string UserEmail = "load-bot@example.com";
    private const string NotifyServiceAnnotation = "pagerduty_notify_service";
    private const string ServiceName = "Teleport Load";

    private PagerDutyLoadTool(FakeApiServer server)
        : base("pagerduty", server)
    {
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [pagerduty]
        api_key = "{ApiKey}"
        user_email = "{UserEmail}"
        api_url = "{Server.BaseAddress}"
        """;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, IReadOnlyList<string>> RequestAnnotations { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [NotifyServiceAnnotation] = [ServiceName] };

    /// <summary>Starts the fake and sets up the load world.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "pagerduty").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<PagerDutyLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var fake = await PagerDutyApiFake.StartAsync(ApiKey, UserEmail, LoadTools.Options("pagerduty", log, faults));
        fake.AddService(ServiceName, "PLOADEP");
        return new PagerDutyLoadTool(fake.Server);
    }
}
