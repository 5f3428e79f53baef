using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Watching;

/// <summary>
/// The last snapshot of each recently seen request, because a DELETE event carries only the ID and the adapters
/// need the request to say it expired. Bounded: the least recently seen request is forgotten first.
/// </summary>
/// <param name="capacity">How many requests to remember.</param>
internal sealed class SnapshotCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<AccessRequestSnapshot>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<AccessRequestSnapshot> _recency = new();
    private readonly Lock _gate = new();

    /// <summary>How many requests are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Remembers a snapshot unless a more advanced one of the same request is already known.</summary>
    /// <param name="request">The snapshot.</param>
    /// <returns>Whether the request was not known before.</returns>
    public bool Put(AccessRequestSnapshot request) => Put(request, out _);

    /// <summary>Remembers a snapshot unless a more advanced one of the same request is already known.</summary>
    /// <param name="request">The snapshot.</param>
    /// <param name="latest">The most advanced snapshot known now: <paramref name="request"/> or the one kept.</param>
    /// <returns>Whether the request was not known before.</returns>
    public bool Put(AccessRequestSnapshot request, out AccessRequestSnapshot latest)
    {
        lock (_gate)
        {
            var known = _byId.Remove(request.Id, out var node);
            if (node is not null)
            {
                _recency.Remove(node);
                if (!SnapshotProgress.IsAtLeastAsAdvanced(request, node.Value))
                {
                    request = node.Value;
                }
            }

            latest = request;
            _byId[request.Id] = _recency.AddLast(request);
            if (_byId.Count > capacity)
            {
                _byId.Remove(_recency.First!.Value.Id);
                _recency.RemoveFirst();
            }

            return !known;
        }
    }

    /// <summary>Takes a request's snapshot out of the cache.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="request">The last snapshot, when known.</param>
    /// <returns>Whether it was known.</returns>
    public bool TryRemove(string requestId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AccessRequestSnapshot? request)
    {
        lock (_gate)
        {
            if (_byId.Remove(requestId, out var node))
            {
                _recency.Remove(node);
                request = node.Value;
                return true;
            }

            request = null;
            return false;
        }
    }
}
