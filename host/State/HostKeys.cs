namespace TeleportPlugins.Host.State;

/// <summary>
/// The host's keys in an adapter's plugin data. <see cref="ReviewsCount"/> and <see cref="Resolution"/> are the
/// anchors' own keys, so a team migrating from Teleport's plugins keeps its bookkeeping; the rest use the reserved
/// <c>tp_</c> prefix.
/// </summary>
internal static class HostKeys
{
    /// <summary>Anchor key: how many review steps are done.</summary>
    public const string ReviewsCount = "reviews_count";

    /// <summary>Anchor key: "", APPROVED, DENIED, PROMOTED or EXPIRED.</summary>
    public const string Resolution = "resolution";

    /// <summary>Unix milliseconds at which the created step was done.</summary>
    public const string Created = "tp_created";

    /// <summary><c>step|replica|unix ms</c> while a replica performs a step.</summary>
    public const string Claim = "tp_claim";

    /// <summary>Comma-separated names of steps that failed for good.</summary>
    public const string Failed = "tp_failed";

    /// <summary>What the one auto-approval evaluation decided: approved, not_on_call, already_done, failed.</summary>
    public const string AutoReview = "tp_auto_review";

    /// <summary>The number of the last pending-request reminder done (sent, or failed for good).</summary>
    public const string Reminders = "tp_reminders";

    /// <summary>
    /// The step whose attempt failed and will be retried, with the adapter's partial progress kept beside it. Also marks
    /// the entry as ours, so kept progress of an unfinished Created step is not mistaken for a legacy anchor entry.
    /// </summary>
    public const string Retrying = "tp_retrying";

    /// <summary>
    /// <c>step|replica|unix ms</c> of an earlier claim that was never confirmed, kept while the attempt that resumed it is
    /// retried, so that every retry (by any replica) still tells the adapter to look in the tool; cleared on confirm.
    /// </summary>
    public const string Resumed = "tp_resumed";

    /// <summary>Every bookkeeping key, so a compare-and-swap can expect each one, present or absent.</summary>
    public static IReadOnlyList<string> All { get; } = [ReviewsCount, Resolution, Created, Claim, Failed, AutoReview, Retrying, Resumed, Reminders];

    /// <summary>Whether the key is the host's, so an adapter may neither see nor write it.</summary>
    /// <param name="key">A plugin data key.</param>
    /// <returns>True for host keys.</returns>
    public static bool IsHostKey(string key) =>
        key.StartsWith(Contracts.AdapterRequestState.ReservedPrefix, StringComparison.Ordinal)
        || key is ReviewsCount or Resolution;
}
