using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>The <c>[dispatch]</c> section: how steps reach the adapters.</summary>
internal sealed class DispatchOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "dispatch";

    /// <summary>How long one adapter call may take before it counts as a (transient) timeout.</summary>
    [ConfigurationKeyName("call_timeout")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a step is retried after its first transient failure before it is recorded as failed.</summary>
    [ConfigurationKeyName("max_retry_age")]
    public TimeSpan MaxRetryAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Smallest delay between retries of a step (decorrelated jitter from here).</summary>
    [ConfigurationKeyName("retry_min")]
    public TimeSpan RetryMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay between retries of a step, unless the tool's Retry-After asks for more.</summary>
    [ConfigurationKeyName("retry_max")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many requests one adapter works on at once (steps of one request never run at once).</summary>
    [ConfigurationKeyName("concurrency_per_adapter")]
    public int ConcurrencyPerAdapter { get; set; } = 16;

    /// <summary>Capacity of each adapter's queue of requests with work; beyond it requests wait in a coalesced overflow list.</summary>
    [ConfigurationKeyName("queue_capacity")]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// After this long a replica's claim on a step counts as abandoned (the replica stopped between claim and
    /// confirm) and another replica performs the step. Must exceed <see cref="CallTimeout"/>.
    /// </summary>
    [ConfigurationKeyName("claim_ttl")]
    public TimeSpan ClaimTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether a request that ended (approved, denied, expired, deleted) before an adapter announced it is still
    /// announced once, showing its final state, so reviewers and auditors see that it existed. Off: such a request is
    /// only logged.
    /// </summary>
    [ConfigurationKeyName("announce_ended_requests")]
    public bool AnnounceEndedRequests { get; set; } = true;

    /// <summary>Adapters (by name) whose on-call approval runs after a request is announced.</summary>
    [ConfigurationKeyName("auto_approve")]
    public IReadOnlyList<string> AutoApprove { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key, value) in new[]
        {
            (nameof(CallTimeout), "call_timeout", CallTimeout), (nameof(MaxRetryAge), "max_retry_age", MaxRetryAge),
            (nameof(RetryMin), "retry_min", RetryMin), (nameof(RetryMax), "retry_max", RetryMax), (nameof(ClaimTtl), "claim_ttl", ClaimTtl),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{key} must be a positive duration", [name]);
            }
        }

        if (RetryMax < RetryMin)
        {
            yield return new ValidationResult("retry_max must not be smaller than retry_min", [nameof(RetryMax)]);
        }

        if (ClaimTtl <= CallTimeout)
        {
            yield return new ValidationResult("claim_ttl must exceed call_timeout, or a slow call looks like a crashed replica and is repeated", [nameof(ClaimTtl)]);
        }

        if (ConcurrencyPerAdapter < 1)
        {
            yield return new ValidationResult("concurrency_per_adapter must be at least 1", [nameof(ConcurrencyPerAdapter)]);
        }

        if (QueueCapacity < 1)
        {
            yield return new ValidationResult("queue_capacity must be at least 1", [nameof(QueueCapacity)]);
        }
    }
}
