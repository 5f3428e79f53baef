namespace TeleportPlugins.Host.Engine;

/// <summary>How one attempt at a step ended, as the metrics count it.</summary>
internal enum StepOutcome
{
    /// <summary>The adapter succeeded and the step was confirmed in plugin data.</summary>
    Delivered = 0,

    /// <summary>The adapter failed transiently; the step is retried later.</summary>
    Retried = 1,

    /// <summary>The adapter failed for good (or for longer than <c>max_retry_age</c>) and the step was recorded as failed.</summary>
    Failed = 2,
}
