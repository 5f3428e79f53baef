using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.GitLab;

/// <summary>
/// GitLab for load runs: the shared GitLab fake, counted, with its one project, and a <c>[gitlab]</c> section that
/// files every request there.
/// </summary>
internal sealed class GitLabLoadTool : LoadTool
{
    private GitLabLoadTool(GitLabApiFake gitlab)
        : base("gitlab", gitlab.Server) => GitLab = gitlab;

    /// <summary>The fake.</summary>
    public GitLabApiFake GitLab { get; }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [gitlab]
        url = "{GitLab.BaseAddress}"
        token = "{GitLab.Token}"
        project_id = "{GitLab.ProjectId}"
        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "gitlab").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<GitLabLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) =>
        new(await GitLabApiFake.StartAsync(LoadTools.Options("gitlab", log, faults), token: "glpat-load-token"));
}
