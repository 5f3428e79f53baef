namespace TeleportPlugins.Load.Scenarios;

/// <summary>The faults of a fault run.</summary>
public sealed class FaultRunOptions
{
    /// <summary>Requests.</summary>
    public int Requests { get; init; } = 10_000;

    /// <summary>Drop the watch streams after every this many events.</summary>
    public int DropWatchEvery { get; init; } = 500;

    /// <summary>Share of calls every fake answers 503.</summary>
    public double ServerErrorRate { get; init; } = 0.05;

    /// <summary>Share of calls every fake answers 429 with Retry-After.</summary>
    public double RateLimitRate { get; init; } = 0.02;

    /// <summary>The adapter whose tool hangs.</summary>
    public string HangingAdapter { get; init; } = "jira";

    /// <summary>How long it hangs.</summary>
    public TimeSpan HangFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When the hang starts, as a share of the events issued.</summary>
    public double HangAt { get; init; } = 0.1;

    /// <summary>
    /// When the host is killed with SIGKILL and restarted, as a share of the events issued (never before the hang
    /// ended, so the two faults' effects stay apart); null: never.
    /// </summary>
    public double? KillAt { get; init; } = 0.5;

    /// <summary>The host's <c>[dispatch]</c> settings for the run.</summary>
    public string Dispatch { get; init; } = "call_timeout = \"10s\"\nclaim_ttl = \"20s\"";

    /// <summary>How long to wait for the last deliveries once every event was issued.</summary>
    public TimeSpan DeliveryLimit { get; init; } = TimeSpan.FromMinutes(10);
}
