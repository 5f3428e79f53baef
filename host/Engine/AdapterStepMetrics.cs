using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// One adapter's step outcomes and claim-to-confirm durations, by kind of step. Counting a step costs two or three
/// interlocked operations and no allocation; <see cref="HostMetrics"/> reads the values for <c>GET /metrics</c>.
/// </summary>
/// <param name="adapter">The adapter's name.</param>
/// <param name="givenUp">Where a step given up for good is described for <c>GET /readyz</c>; without it, it is only counted.</param>
internal sealed class AdapterStepMetrics(string adapter, GivenUpSteps? givenUp = null)
{
    /// <summary>The duration buckets' upper bounds, in seconds.</summary>
    public static readonly double[] DurationBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Every kind of step, in delivery order.</summary>
    public static readonly StepKind[] Kinds = Enum.GetValues<StepKind>();

    /// <summary>Every outcome.</summary>
    public static readonly StepOutcome[] Outcomes = Enum.GetValues<StepOutcome>();

    private static readonly int BucketsPerKind = DurationBounds.Length + 1;

    // Flat arrays indexed by kind (and outcome or bucket), so that counting needs no lookup and no lock.
    private readonly long[] _outcomes = new long[Kinds.Length * Outcomes.Length];
    private readonly long[] _buckets = new long[Kinds.Length * BucketsPerKind];
    private readonly long[] _durationTicks = new long[Kinds.Length];
    private readonly long[] _resumed = new long[Kinds.Length];

    /// <summary>The adapter's name.</summary>
    public string Adapter { get; } = adapter;

    /// <summary>Counts a delivered step and how long it took from claim to confirm.</summary>
    /// <param name="kind">The kind of step.</param>
    /// <param name="duration">Claim to confirm.</param>
    public void Delivered(StepKind kind, TimeSpan duration)
    {
        Count(kind, StepOutcome.Delivered);
        var seconds = duration.TotalSeconds;
        var bucket = 0;
        while (bucket < DurationBounds.Length && seconds > DurationBounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[((int)kind * BucketsPerKind) + bucket]);
        Interlocked.Add(ref _durationTicks[(int)kind], duration.Ticks);
    }

    /// <summary>Counts an outcome without a duration (<see cref="StepOutcome.Retried"/>, <see cref="StepOutcome.Failed"/>).</summary>
    /// <param name="kind">The kind of step.</param>
    /// <param name="outcome">How the attempt ended.</param>
    public void Count(StepKind kind, StepOutcome outcome) => Interlocked.Increment(ref _outcomes[Index(kind, outcome)]);

    /// <summary>Counts a step given up for good as <see cref="StepOutcome.Failed"/> and lists it in <c>GET /readyz</c>'s detail.</summary>
    /// <param name="step">The step.</param>
    /// <param name="requestId">The request.</param>
    /// <param name="cause">Why it was given up, as in the error line.</param>
    public void GaveUp(LifecycleStep step, string requestId, string cause)
    {
        Count(step.Kind, StepOutcome.Failed);
        givenUp?.Record(Adapter, requestId, step.Name, cause);
    }

    /// <summary>Counts an attempt that resumes an earlier one claimed and never confirmed (a crash, a replica that stopped).</summary>
    /// <param name="kind">The kind of step.</param>
    public void Resumed(StepKind kind) => Interlocked.Increment(ref _resumed[(int)kind]);

    /// <summary>How many attempts at steps of <paramref name="kind"/> resumed an unconfirmed earlier attempt.</summary>
    /// <param name="kind">The kind of step.</param>
    /// <returns>The count.</returns>
    public long ResumedSteps(StepKind kind) => Interlocked.Read(ref _resumed[(int)kind]);

    /// <summary>How many attempts at steps of <paramref name="kind"/> ended with <paramref name="outcome"/>.</summary>
    /// <param name="kind">The kind of step.</param>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Steps(StepKind kind, StepOutcome outcome) => Interlocked.Read(ref _outcomes[Index(kind, outcome)]);

    /// <summary>Delivered steps of <paramref name="kind"/> per duration bucket, not cumulative; the last is above every bound.</summary>
    /// <param name="kind">The kind of step.</param>
    /// <returns>A copy of the counts.</returns>
    public long[] DurationCounts(StepKind kind)
    {
        var counts = new long[BucketsPerKind];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _buckets[((int)kind * BucketsPerKind) + i]);
        }

        return counts;
    }

    /// <summary>The summed claim-to-confirm time of delivered steps of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind of step.</param>
    /// <returns>The sum.</returns>
    public TimeSpan DurationSum(StepKind kind) => TimeSpan.FromTicks(Interlocked.Read(ref _durationTicks[(int)kind]));

    private static int Index(StepKind kind, StepOutcome outcome) => ((int)kind * Outcomes.Length) + (int)outcome;
}
