using System.Threading.Channels;
using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>
/// An in-memory Teleport Auth Service shared by several <see cref="FakeTeleportClient"/>s (replicas), with the real
/// semantics the engine relies on: watch streams start with INIT and carry changes in commit order with no replay;
/// plugin data compare-and-swap as teleport-wire.md §3.3 (FailedPrecondition on a mismatch, empty = absent, "" in
/// Set deletes, data outlives its request); reviews refused with PermissionDenied when repeated, one approval or
/// denial resolves.
/// </summary>
internal sealed class FakeTeleportCluster
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AccessRequestSnapshot> _requests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everExisted = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, string Plugin), Dictionary<string, string>> _pluginData = [];
    private readonly List<Stream> _streams = [];
    private readonly List<string> _stateChanges = [];
    private int _listCalls;
    private int _pagesServed;

    /// <summary>Whether new watch streams send INIT (false simulates a server that never initializes the watch).</summary>
    public bool SendInit { get; set; } = true;

    /// <summary>Listings wait for this task, to hold the reconcile between the INIT and its listing.</summary>
    public Task ListingGate { get; set; } = Task.CompletedTask;

    /// <summary>How many approvals (or denials) resolve a request.</summary>
    public int Threshold { get; set; } = 1;

    /// <summary>How many watch streams were opened, over all clients.</summary>
    public int StreamsOpened { get; private set; }

    /// <summary>How many listings were started (ListAccessRequests without a start key), and single requests read.</summary>
    public int ListCalls => Volatile.Read(ref _listCalls);

    /// <summary>Every SetAccessRequestState call: <c>id state reason delegator</c>.</summary>
    public IReadOnlyList<string> StateChanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _stateChanges];
            }
        }
    }

    /// <summary>A client acting as <paramref name="user"/>.</summary>
    /// <param name="user">The Teleport user of the identity.</param>
    /// <returns>The client.</returns>
    public FakeTeleportClient Connect(string user = "teleport-plugins") => new(this, user);

    public AccessRequestSnapshot Create(AccessRequestSnapshot request) => Commit(request.Id, _ => request, create: true);

    /// <summary>A review by another user; like Teleport, refused once the request is resolved.</summary>
    public AccessRequestSnapshot Review(string id, string author, AccessRequestState proposed) =>
        Commit(id, request => request.IsResolved
            ? throw new RpcException(new Status(StatusCode.InvalidArgument, "the access request has already been resolved"))
            : ApplyReview(request, author, proposed, $"{author} says {proposed}"));

    public AccessRequestSnapshot Resolve(string id, AccessRequestState state) =>
        Commit(id, request => request with { State = state, ResolveReason = $"resolved {state}" });

    /// <summary>Deletes a request (as expiry does); its plugin data stays readable.</summary>
    public void Delete(string id)
    {
        lock (_gate)
        {
            _requests.Remove(id);
            Broadcast(TeleportWatchEvent.Delete(id));
        }
    }

    /// <summary>Breaks every open watch stream with Unavailable; events not yet read are lost, as on a real drop.</summary>
    public void DropStreams()
    {
        lock (_gate)
        {
            foreach (var stream in _streams)
            {
                stream.Dropped = true;
                stream.Events.Writer.TryComplete();
            }

            _streams.Clear();
        }
    }

    public IReadOnlyDictionary<string, string> PluginData(string id, string plugin)
    {
        lock (_gate)
        {
            return _pluginData.TryGetValue((id, plugin), out var data) ? new Dictionary<string, string>(data) : new Dictionary<string, string>();
        }
    }

    /// <summary>Writes plugin data directly, e.g. what Teleport's own plugins left behind.</summary>
    public void SeedPluginData(string id, string plugin, IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            _pluginData[(id, plugin)] = new Dictionary<string, string>(data, StringComparer.Ordinal);
        }
    }

    internal ChannelReader<TeleportWatchEvent> OpenStream(out Func<bool> dropped)
    {
        var stream = new Stream();
        lock (_gate)
        {
            StreamsOpened++;
            if (SendInit)
            {
                stream.Events.Writer.TryWrite(TeleportWatchEvent.Init);
            }

            _streams.Add(stream);
        }

        dropped = () => stream.Dropped;
        return stream.Events.Reader;
    }

    internal void CloseStream(ChannelReader<TeleportWatchEvent> reader)
    {
        lock (_gate)
        {
            _streams.RemoveAll(s => s.Events.Reader == reader);
        }
    }

    /// <summary>How many requests a page of the listing holds at most.</summary>
    public int ListPageSize { get; set; } = 500;

    /// <summary>How many pages of the listing were served, over all listings.</summary>
    public int PagesServed => Volatile.Read(ref _pagesServed);

    /// <summary>Runs as each page of the listing is served, with the number of pages served so far, before the caller gets it.</summary>
    public Action<int>? OnPageServed { get; set; }

    /// <summary>One page of the listing: the requests after <paramref name="startKey"/> in ID order, and the key of the next page (empty at the end).</summary>
    internal (IReadOnlyList<AccessRequestSnapshot> Page, string NextKey) ListPage(string startKey, bool first)
    {
        if (first)
        {
            Interlocked.Increment(ref _listCalls);
        }

        List<AccessRequestSnapshot> page;
        lock (_gate)
        {
            page = [.. _requests.Values
                .Where(r => string.CompareOrdinal(r.Id, startKey) > 0)
                .OrderBy(r => r.Id, StringComparer.Ordinal)
                .Take(ListPageSize + 1)];
        }

        var next = page.Count > ListPageSize ? page[ListPageSize - 1].Id : string.Empty;
        page = page.Count > ListPageSize ? page[..ListPageSize] : page;
        var served = Interlocked.Increment(ref _pagesServed);
        OnPageServed?.Invoke(served);
        return (page, next);
    }

    internal IReadOnlyList<AccessRequestSnapshot> List()
    {
        Interlocked.Increment(ref _listCalls);
        lock (_gate)
        {
            return [.. _requests.Values];
        }
    }

    internal IReadOnlyDictionary<string, string> GetPluginData(string id, string plugin) => PluginData(id, plugin);

    internal void UpdatePluginData(string id, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect)
    {
        lock (_gate)
        {
            var exists = _pluginData.TryGetValue((id, plugin), out var entry);
            if (!_requests.ContainsKey(id) && !(exists || (_everExisted.Contains(id) && _pluginData.Keys.Any(k => k.Id == id))))
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"access_request \"{id}\" is not found"));
            }

            if (expect.Count > 0)
            {
                foreach (var (key, expected) in expect)
                {
                    var actual = entry?.GetValueOrDefault(key, string.Empty) ?? string.Empty;
                    if (actual != expected)
                    {
                        throw new RpcException(new Status(StatusCode.FailedPrecondition, $"expectations not met for field \"{key}\""));
                    }
                }
            }

            entry ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in set)
            {
                if (value.Length == 0)
                {
                    entry.Remove(key);
                }
                else
                {
                    entry[key] = value;
                }
            }

            if (entry.Count == 0)
            {
                _pluginData.Remove((id, plugin));
            }
            else
            {
                _pluginData[(id, plugin)] = entry;
            }
        }
    }

    internal AccessRequestSnapshot SubmitReview(string id, string author, AccessRequestState proposed, string reason) =>
        Commit(id, request =>
        {
            if (request.IsResolved)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "the access request has already been resolved"));
            }

            if (request.Reviews.Any(r => r.Author == author))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"user \"{author}\" has already reviewed this request"));
            }

            return ApplyReview(request, author, proposed, reason);
        });

    internal void SetState(string id, AccessRequestState state, string reason, string delegator)
    {
        Commit(id, request =>
        {
            if (request.IsResolved)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "the access request has already been resolved"));
            }

            _stateChanges.Add($"{id} {state} {reason} {delegator}");
            return request with { State = state, ResolveReason = reason };
        });
    }

    private AccessRequestSnapshot ApplyReview(AccessRequestSnapshot request, string author, AccessRequestState proposed, string reason)
    {
        var reviewed = request with { Reviews = [.. request.Reviews, new AccessReview(author, proposed, reason, request.Created.AddMinutes(request.Reviews.Count + 1))] };
        var votes = reviewed.Reviews.Count(r => r.ProposedState == proposed);
        return votes < Threshold ? reviewed : reviewed with { State = proposed, ResolveReason = reason };
    }

    private AccessRequestSnapshot Commit(string id, Func<AccessRequestSnapshot, AccessRequestSnapshot> change, bool create = false)
    {
        lock (_gate)
        {
            AccessRequestSnapshot next;
            if (_requests.TryGetValue(id, out var current))
            {
                next = change(current);
            }
            else if (create)
            {
                next = change(null!);
                _everExisted.Add(id);
            }
            else
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"access_request \"{id}\" is not found"));
            }

            _requests[id] = next;
            Broadcast(TeleportWatchEvent.Put(next));
            return next;
        }
    }

    // Called under _gate, so every stream sees events in commit order.
    private void Broadcast(TeleportWatchEvent watchEvent)
    {
        foreach (var stream in _streams)
        {
            stream.Events.Writer.TryWrite(watchEvent);
        }
    }

    private sealed class Stream
    {
        public Channel<TeleportWatchEvent> Events { get; } = Channel.CreateUnbounded<TeleportWatchEvent>();

        public bool Dropped { get; set; }
    }
}
