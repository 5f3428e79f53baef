using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.ServiceNow;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.ServiceNow;

/// <summary>
/// ServiceNow for load runs: the shared fake with the one user the adapter signs in as. The Table API has no
/// idempotency key, so the adapter looks its correlation ID up before creating; a repeated create ends on the
/// incident the first one opened.
/// </summary>
internal sealed class ServiceNowLoadTool : LoadTool
{
    private const string User = "load-bot";
    private const string Password = "servicenow-load-password";

    private ServiceNowLoadTool(FakeApiServer server)
        : base("servicenow", server)
    {
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [servicenow]
        url = "{Server.BaseAddress}"
        username = "{User}"
        password = "{Password}"
        close_code = "Solution provided"
        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "servicenow").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<ServiceNowLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var fake = await ServiceNowApiFake.StartAsync(User, Password, LoadTools.Options("servicenow", log, faults));
        return new ServiceNowLoadTool(fake.Server);
    }
}
