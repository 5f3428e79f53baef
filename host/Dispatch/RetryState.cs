using TeleportPlugins.Host.Engine;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>A step being retried after transient failures: since when, and the backoff so far.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="FirstFailure">When it first failed; the maximum retry age counts from here.</param>
/// <param name="Backoff">The step's own decorrelated backoff.</param>
internal sealed record RetryState(string Step, DateTimeOffset FirstFailure, DecorrelatedBackoff Backoff);
