using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Opsgenie;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Opsgenie;

/// <summary>
/// Opsgenie for load runs: the shared <see cref="OpsgenieApiFake"/>, counted, processing every write before it
/// answers (so the adapter's first status poll finds the alert), and an <c>[opsgenie]</c> section that notifies one
/// schedule.
/// </summary>
internal sealed class OpsgenieLoadTool : LoadTool
{
    private const string ApiKey = "opsgenie-load-key";
    private const string Schedule = "Teleport Load";

    private OpsgenieLoadTool(OpsgenieApiFake fake)
        : base("opsgenie", fake.Server)
    {
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [opsgenie]
        api_key = "{ApiKey}"
        api_host = "{Server.BaseAddress}"
        priority = "P3"
        default_schedules = ["{Schedule}"]
        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "opsgenie").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<OpsgenieLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var fake = await OpsgenieApiFake.StartAsync(ApiKey, LoadTools.Options("opsgenie", log, faults));
        fake.SetSchedule(Schedule);
        return new OpsgenieLoadTool(fake);
    }
}
