using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>
/// The plugin data record each recent, unfinished request was left with at the end of its last pass, so that its next
/// event (a review, the resolution) plans and claims from it without reading plugin data first. Only a guess: a stale
/// record fails its compare-and-swap and is read again. Bounded, least recently left first out, so that it does not grow
/// with the number of pending requests (a forgotten record costs one read); a record leaves when its request's slot
/// takes it back. Not thread-safe: guarded by the owning worker's lock.
/// </summary>
/// <param name="capacity">How many records to keep.</param>
internal sealed class KnownRecords(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string RequestId, RequestRecord Record)>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<(string RequestId, RequestRecord Record)> _order = new();

    /// <summary>How many records are kept.</summary>
    public int Count => _byId.Count;

    /// <summary>Keeps the record a request's pass ended with, forgetting the oldest one beyond the capacity.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="record">Its record as last written or read.</param>
    public void Put(string requestId, RequestRecord record)
    {
        _ = Take(requestId);
        _byId[requestId] = _order.AddLast((requestId, record));
        if (_byId.Count > capacity)
        {
            _byId.Remove(_order.First!.Value.RequestId);
            _order.RemoveFirst();
        }
    }

    /// <summary>Takes a request's record out, for its new pass.</summary>
    /// <param name="requestId">The request.</param>
    /// <returns>The record, or null when none is kept.</returns>
    public RequestRecord? Take(string requestId)
    {
        if (!_byId.Remove(requestId, out var node))
        {
            return null;
        }

        _order.Remove(node);
        return node.Value.Record;
    }
}
