using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Teams;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Teams;

/// <summary>
/// Microsoft Teams for load runs: the shared fake (identity platform, Graph, Connector on one server), counting, and a
/// <c>[teams]</c> section that sends every request to one user whose 1:1 chat with the app already exists (installed
/// beforehand, so replayed samples never install twice). The requester notification is off, as for the other chat
/// tools, so each request costs one card, a reply per review and the card's updates.
/// </summary>
public sealed class TeamsLoadTool : LoadTool
{
    private TeamsLoadTool(TeamsApiFake fake)
        : base("teams", fake.Server) => Fake = fake;

    /// <summary>The fake, for its credentials and addresses.</summary>
    public TeamsApiFake Fake { get; }

    /// <summary>The one user every request goes to.</summary>
    public string Recipient { get; } = "load-reviewer@example.com";

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [teams]
        app_id = "{Fake.AppId}"
        app_secret = "{Fake.Secret}"
        tenant_id = "{Fake.TenantId}"
        teams_app_id = "{TeamsApiFake.TeamsAppId}"
        login_url = "{Fake.LoginUrl}"
        graph_url = "{Fake.GraphUrl}"
        bot_url = "{Fake.BotUrl}"
        notify_requester = false
        recipients = ["{Recipient}"]

        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "teams").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<TeamsLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var fake = await TeamsApiFake.StartAsync(LoadTools.Options("teams", log, faults), secret: "teams-load-secret~4b7e.1c9a");
        var tool = new TeamsLoadTool(fake);
        fake.AddUser(tool.Recipient);
        fake.InstallFor(tool.Recipient);
        return tool;
    }
}
