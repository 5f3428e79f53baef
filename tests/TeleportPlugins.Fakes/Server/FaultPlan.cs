namespace TeleportPlugins.Fakes;

/// <summary>
/// The failures every fake injects in front of its handlers once armed: a share of calls get a 5xx, a share get 429
/// with Retry-After. The decision is made before the handler runs, so a refused call changed nothing in the tool (as
/// with a real tool's load balancer or rate limiter). Seeded, so a run is repeatable.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly Random _random;

    /// <summary>Creates a plan.</summary>
    /// <param name="serverErrorRate">Share of calls answered 503 (0.05 = 5%).</param>
    /// <param name="rateLimitRate">Share of calls answered 429.</param>
    /// <param name="retryAfterSeconds">The Retry-After of a 429.</param>
    /// <param name="seed">The random seed.</param>
    public FaultPlan(double serverErrorRate, double rateLimitRate, int retryAfterSeconds = 1, int seed = 9)
    {
        ServerErrorRate = serverErrorRate;
        RateLimitRate = rateLimitRate;
        RetryAfterSeconds = retryAfterSeconds;
        _random = new Random(seed);
    }

    /// <summary>No failures.</summary>
    public static FaultPlan None => new(0, 0);

    /// <summary>Share of calls answered 503.</summary>
    public double ServerErrorRate { get; }

    /// <summary>Share of calls answered 429.</summary>
    public double RateLimitRate { get; }

    /// <summary>The Retry-After of a 429, in seconds.</summary>
    public int RetryAfterSeconds { get; }

    /// <summary>Whether failures are injected (off during the host's start-up health checks).</summary>
    public bool Armed { get; set; }

    /// <summary>Decides the fate of one call.</summary>
    /// <returns>503, 429 or 0 (let the handler answer).</returns>
    public int Decide()
    {
        if (!Armed || (ServerErrorRate <= 0 && RateLimitRate <= 0))
        {
            return 0;
        }

        double roll;
        lock (_gate)
        {
            roll = _random.NextDouble();
        }

        return roll < ServerErrorRate ? 503 : roll < ServerErrorRate + RateLimitRate ? 429 : 0;
    }
}
