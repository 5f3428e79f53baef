namespace TeleportPlugins.Host.Routing;

/// <summary>The value of <c>pair(first, second)</c>: an entry for <c>dict</c>, checked when the dict is built, as Teleport does.</summary>
/// <param name="First">The key (a string for <c>dict</c>).</param>
/// <param name="Second">The value (a set for <c>dict</c>).</param>
internal sealed record ConditionPair(object First, object Second);
