namespace TeleportPlugins.Load.Results;

/// <summary>One measured figure of a scenario.</summary>
/// <param name="Name">What it is, e.g. "steps delivered per second".</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit ("" for a plain number).</param>
/// <param name="Target">The target it is reported against, if any (e.g. "≥ 0.5").</param>
/// <param name="Met">Whether the target was met, if there is one.</param>
public sealed record Metric(string Name, double Value, string Unit, string? Target = null, bool? Met = null);
