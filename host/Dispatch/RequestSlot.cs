using TeleportPlugins.Contracts;
using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>
/// One request's place in one adapter's work: the most advanced snapshot seen, and whether it is queued, running,
/// or waiting for a retry. Events for the request coalesce here, so steps of one request never run at once and a
/// burst of events costs one pass. Guarded by the owning worker's lock.
/// </summary>
/// <param name="requestId">The request.</param>
internal sealed class RequestSlot(string requestId)
{
    /// <summary>The request.</summary>
    public string RequestId { get; } = requestId;

    /// <summary>The most advanced snapshot seen.</summary>
    public AccessRequestSnapshot? Snapshot { get; set; }

    /// <summary>Whether Teleport deleted the request.</summary>
    public bool Deleted { get; set; }

    /// <summary>Something arrived since the last pass started.</summary>
    public bool Dirty { get; set; }

    /// <summary>In the queue (or its overflow), waiting for a worker.</summary>
    public bool Queued { get; set; }

    /// <summary>A worker is on it.</summary>
    public bool Running { get; set; }

    /// <summary>The timer that re-queues it after a retry delay, while waiting.</summary>
    public ITimer? Wake { get; set; }

    /// <summary>The step being retried, if any.</summary>
    public RetryState? Retry { get; set; }

    /// <summary>The step planned last and not finished yet, if any: what is lost if the host stops after Teleport deleted the request.</summary>
    public LifecycleStep? Owed { get; set; }

    /// <summary>The in-memory bookkeeping once Teleport refused plugin data for the (deleted) request; null while plugin data serves.</summary>
    public DetachedRecord? Detached { get; set; }

    /// <summary>
    /// The plugin data record as this worker last wrote or read it, to plan and claim the next step from without a read;
    /// null when unknown (a failure left it uncertain, or another replica holds a claim), so the next pass reads it.
    /// </summary>
    public RequestRecord? Known { get; set; }

    /// <summary>Whether a pass already claimed from a guessed empty entry instead of reading; the next passes read.</summary>
    public bool GuessedEmpty { get; set; }

    /// <summary>Whether the request was new since the watch started when this slot was made (see <see cref="Watching.IRequestSink.Submit"/>).</summary>
    public bool Fresh { get; init; }

    /// <summary>Whether it was made for a listed request whose first pass has not ended: it counts against the listing's room.</summary>
    public bool Listed { get; set; }

    /// <summary>Backoff while waiting without a failure of its own: another replica holds the claim, or Teleport is unreachable.</summary>
    public Engine.DecorrelatedBackoff? BusyBackoff { get; set; }
}
