using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Jira;

/// <summary>
/// Jira for load runs: the shared Jira fake, counted, with one load project, and a <c>[jira]</c> section with Basic
/// auth that files every request as a Task in that project.
/// </summary>
internal sealed class JiraLoadTool : LoadTool
{
    private JiraLoadTool(JiraApiFake jira)
        : base("jira", jira.Server) => Jira = jira;

    /// <summary>The fake.</summary>
    public JiraApiFake Jira { get; }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [jira]
        url = "{Jira.BaseAddress}"
        auth = "basic"
        username = "{Jira.Bot.Email}"
        api_token = "{Jira.Token}"
        project = "{Jira.Project}"
        issue_type = "Task"
        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "jira").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<JiraLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) =>
        new(await JiraApiFake.StartAsync(LoadTools.Options("jira", log, faults), token: "jira-load-token", project: "LOAD"));
}
