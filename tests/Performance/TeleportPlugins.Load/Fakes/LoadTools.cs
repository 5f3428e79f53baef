using TeleportPlugins.Load.Fakes.Datadog;
using TeleportPlugins.Load.Fakes.Discord;
using TeleportPlugins.Load.Fakes.Email;
using TeleportPlugins.Load.Fakes.Mattermost;
using TeleportPlugins.Load.Fakes.Slack;
using TeleportPlugins.Load.Fakes.GitLab;
using TeleportPlugins.Load.Fakes.Jira;
using TeleportPlugins.Load.Fakes.Opsgenie;
using TeleportPlugins.Load.Fakes.PagerDuty;
using TeleportPlugins.Load.Fakes.ServiceNow;
using TeleportPlugins.Load.Fakes.Teams;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes;

/// <summary>Starts the fakes (tests/TeleportPlugins.Fakes), counted, of the shipped adapters' tools.</summary>
public static class LoadTools
{
    /// <summary>Every shipped adapter, in report order.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["slack", "mattermost", "discord", "teams", "jira", "gitlab", "servicenow", "pagerduty", "opsgenie", "datadog", "email"];

    /// <summary>How a load run's fake runs: nothing kept per call, accepted calls counted in <paramref name="log"/>.</summary>
    /// <param name="adapter">The tool's adapter name, as in <paramref name="log"/>.</param>
    /// <param name="log">Where accepted calls are counted.</param>
    /// <param name="faults">The failures the fake injects.</param>
    /// <returns>The fake's options.</returns>
    public static FakeServerOptions Options(string adapter, ArrivalLog log, FaultPlan faults) =>
        FakeServerOptions.Counted(new ToolArrivals(log, adapter), faults);

    /// <summary>Starts the fakes of <paramref name="adapters"/>.</summary>
    /// <param name="adapters">Adapter names from <see cref="All"/>.</param>
    /// <param name="log">Where the fakes count accepted calls (its tools must include <paramref name="adapters"/>).</param>
    /// <param name="faults">The failures every fake injects.</param>
    /// <returns>The started tools, in the order given.</returns>
    public static async Task<IReadOnlyList<ILoadTool>> StartAsync(IEnumerable<string> adapters, ArrivalLog log, FaultPlan faults)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        var tools = new List<ILoadTool>();
        try
        {
            foreach (var adapter in adapters)
            {
                tools.Add(adapter switch
                {
                    "slack" => await SlackLoadTool.StartAsync(log, faults),
                    "mattermost" => await MattermostLoadTool.StartAsync(log, faults),
                    "discord" => await DiscordLoadTool.StartAsync(log, faults),
                    "email" => await EmailLoadTool.StartAsync(log, faults),
                    "jira" => await JiraLoadTool.StartAsync(log, faults),
                    "gitlab" => await GitLabLoadTool.StartAsync(log, faults),
                    "servicenow" => await ServiceNowLoadTool.StartAsync(log, faults),
                    "pagerduty" => await PagerDutyLoadTool.StartAsync(log, faults),
                    "opsgenie" => await OpsgenieLoadTool.StartAsync(log, faults),
                    "datadog" => await DatadogLoadTool.StartAsync(log, faults),
                    "teams" => await TeamsLoadTool.StartAsync(log, faults),
                    _ => throw new ArgumentException($"no load fake for adapter {adapter}", nameof(adapters)),
                });
            }
        }
        catch
        {
            foreach (var tool in tools)
            {
                await tool.DisposeAsync();
            }

            throw;
        }

        return tools;
    }
}
