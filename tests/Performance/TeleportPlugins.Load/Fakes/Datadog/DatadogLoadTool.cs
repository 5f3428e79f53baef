using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Datadog;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Datadog;

/// <summary>
/// Datadog for load runs: the shared <see cref="DatadogApiFake"/>, counted, with one user every request notifies
/// (through the section's <c>role_to_recipients</c>), so each request ends on one incident.
/// </summary>
internal sealed class DatadogLoadTool : LoadTool
{
    private const string ApiKey = "datadog-load-api-key";
    private const string ApplicationKey = "datadog-load-application-key";
    private const string Recipient = "load-oncall@example.com";

    private DatadogLoadTool(DatadogApiFake fake)
        : base("datadog", fake.Server)
    {
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [datadog]
        api_endpoint = "{Server.BaseAddress}"
        api_key = "{ApiKey}"
        application_key = "{ApplicationKey}"
        severity = "SEV-3"

        [datadog.role_to_recipients]
        "*" = ["{Recipient}"]
        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "datadog").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<DatadogLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var fake = await DatadogApiFake.StartAsync(ApiKey, ApplicationKey, LoadTools.Options("datadog", log, faults));
        fake.AddUser(Recipient);
        return new DatadogLoadTool(fake);
    }
}
