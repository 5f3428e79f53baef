using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Watching;

/// <summary>Where the watcher sends requests: live events and the reconcile after every INIT take the same path.</summary>
internal interface IRequestSink
{
    /// <summary>Hands over a request as last seen. Must not block: a slow adapter must not hold up the watch.</summary>
    /// <param name="request">The snapshot (for a DELETE, the last snapshot seen before it).</param>
    /// <param name="deleted">Whether Teleport deleted the request (explicitly or because it expired).</param>
    /// <param name="fresh">
    /// Whether the request is new since the watch started: first seen in a live event, not in the listing after an
    /// INIT, so it was created after that listing and only this host's replicas can have written its plugin data.
    /// </param>
    void Submit(AccessRequestSnapshot request, bool deleted, bool fresh);

    /// <summary>
    /// Hands over a request from a listing (the reconcile after an INIT), never fresh. Must not block; until its first
    /// pass ends it counts against the room <see cref="WaitForListingRoomAsync"/> waits for.
    /// </summary>
    /// <param name="request">The snapshot.</param>
    /// <param name="deleted">Whether Teleport deleted the request meanwhile.</param>
    void SubmitListed(AccessRequestSnapshot request, bool deleted);

    /// <summary>
    /// Completes once every adapter holds at most <paramref name="held"/> listed requests whose first pass has not ended
    /// (queued or running), so the next page of a listing may be read: the listing's backpressure.
    /// </summary>
    /// <param name="held">How many may still be held.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when there is room.</returns>
    Task WaitForListingRoomAsync(int held, CancellationToken cancellationToken);
}
