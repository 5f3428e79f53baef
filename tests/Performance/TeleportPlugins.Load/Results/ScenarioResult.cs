using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Load.Results;

/// <summary>A scenario's outcome as written to the results folder.</summary>
/// <param name="Name">The file name without extension, e.g. <c>load-10000</c>.</param>
/// <param name="Title">The heading.</param>
/// <param name="Description">What was run, in a sentence or two.</param>
/// <param name="Environment">Where.</param>
/// <param name="Settings">The knobs (requests, window, faults, ...).</param>
/// <param name="Metrics">The figures.</param>
public sealed record ScenarioResult(
    string Name,
    string Title,
    string Description,
    RunEnvironment Environment,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<Metric> Metrics)
{
    /// <summary>Whether every metric with a target met it.</summary>
    public bool TargetsMet => Metrics.All(m => m.Met != false);
}
