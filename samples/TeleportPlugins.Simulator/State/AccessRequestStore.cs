using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;
using AccessRequestState = TeleportPlugins.Contracts.AccessRequestState;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// The Auth Service's access-request state: requests, plugin data, the audit list and the open watchers. One lock
/// around everything, and events are offered to watchers while it is held, so every watcher sees commits in order.
/// Callers have already passed RBAC; this type enforces Teleport's semantics only.
/// </summary>
internal sealed class AccessRequestStore : IDisposable
{
    public const string AccessRequestKind = "access_request";
    private const string DefaultNamespace = "default";
    private const int MaxReasonLength = 4096;
    private const int DefaultPageSize = 1000;
    private const int MaxPageSize = 16_000;

    // Teleport keeps plugin data for an hour past the request so plugins can still read it while handling DELETE.
    private static readonly TimeSpan PluginDataGrace = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, AccessRequestV3> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> _pluginData = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _orphanedPluginData = new(StringComparer.Ordinal);
    private readonly List<WatchSubscription> _watchers = [];
    private readonly List<AuditEntry> _audit = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _defaultTtl;
    private readonly int _watchBufferSize;
    private readonly ITimer _sweepTimer;

    public AccessRequestStore(TimeProvider time, TimeSpan defaultTtl, int watchBufferSize, TimeSpan sweepInterval)
    {
        _time = time;
        _defaultTtl = defaultTtl;
        _watchBufferSize = watchBufferSize;
        _sweepTimer = time.CreateTimer(_ => SweepExpired(), null, sweepInterval, sweepInterval);
    }

    public AccessRequestV3 Create(AccessRequestV3 input, string actor)
    {
        var spec = input.Spec ?? throw TeleportErrors.BadParameter("access request spec is required");
        if (spec.User.Length == 0)
        {
            throw TeleportErrors.BadParameter("access request user name not set");
        }

        if (spec.Roles.Count == 0 && spec.RequestedResourceIDs.Count == 0)
        {
            throw TeleportErrors.BadParameter("access request does not specify any roles or resources");
        }

        if (spec.RequestReason.Length > MaxReasonLength)
        {
            throw TeleportErrors.BadParameter($"access request reason is too long, max {MaxReasonLength} bytes");
        }

        var now = _time.GetUtcNow();
        var request = input.Clone();
        request.Kind = AccessRequestKind;
        request.Version = "v3";
        request.Metadata ??= new Metadata();
        // Teleport overwrites the client's ID with a server-generated UUIDv7, so IDs also sort by creation time.
        request.Metadata.Name = Guid.CreateVersion7(now).ToString();
        request.Metadata.Namespace = DefaultNamespace;
        request.Metadata.Revision = Guid.NewGuid().ToString();
        spec = request.Spec;
        spec.State = RequestState.Pending;
        spec.Created = Timestamp.FromDateTimeOffset(now);
        spec.Reviews.Clear();

        var resourceExpiry = FirstSet(spec.ResourceExpiry, request.Metadata.Expires) ?? now + _defaultTtl;
        if (resourceExpiry <= now)
        {
            throw TeleportErrors.BadParameter("access request expiry is in the past");
        }

        request.Metadata.Expires = Timestamp.FromDateTimeOffset(resourceExpiry);
        spec.ResourceExpiry = request.Metadata.Expires;
        // Access expiry defaults to the request's own lifetime; SetExpiry(accessExpiry) on approval is then a no-op.
        if (FirstSet(spec.Expires) is null)
        {
            spec.Expires = request.Metadata.Expires;
        }

        if (spec.Thresholds.Count == 0)
        {
            // Teleport's default when no role defines thresholds: one approval or one denial resolves the request.
            spec.Thresholds.Add(new AccessReviewThreshold { Name = "default", Approve = 1, Deny = 1 });
        }

        if (spec.RoleThresholdMapping.Count == 0)
        {
            // Every role needs one set that any threshold can satisfy: filters are not evaluated by the simulator.
            var all = new ThresholdIndexSet();
            all.Indexes.AddRange(Enumerable.Range(0, spec.Thresholds.Count).Select(i => (uint)i));
            foreach (var role in spec.Roles)
            {
                spec.RoleThresholdMapping[role] = new ThresholdIndexSets { Sets = { all.Clone() } };
            }
        }

        lock (_gate)
        {
            _requests.Add(request.Metadata.Name, request);
            Record(now, "access_request.create", request, actor, "", spec.RequestReason);
            PublishPut(request);
            return request.Clone();
        }
    }

    /// <summary>
    /// Applies a review whose caller already passed RBAC. <paramref name="authorMayReview"/> says whether the author's
    /// own roles allow reviewing (checked for reviews submitted on an author's behalf); nobody may review their own
    /// request, whoever submits it.
    /// </summary>
    public AccessRequestV3 SubmitReview(string requestId, AccessReview input, string actor, bool authorMayReview = true)
    {
        var review = input.Clone();
        if (review.ProposedState is not (RequestState.Approved or RequestState.Denied))
        {
            throw TeleportErrors.BadParameter(
                $"invalid state proposal: {StateName(review.ProposedState)} (expected approval/denial)");
        }

        lock (_gate)
        {
            var request = Find(requestId, $"cannot apply review to access request \"{requestId}\" (not found)");
            var spec = request.Spec;
            if (spec.Thresholds.Count == 0)
            {
                throw TeleportErrors.BadParameter("request is uninitialized or does not support reviews");
            }

            // Teleport's review permission checker answers "no" for the requester and for an author whose roles do
            // not allow reviewing this request, with one message for both.
            if (review.Author == spec.User || !authorMayReview)
            {
                throw TeleportErrors.AccessDenied($"user \"{review.Author}\" cannot review request {requestId}");
            }

            if (spec.Reviews.Any(r => r.Author == review.Author))
            {
                throw TeleportErrors.AccessDenied($"user \"{review.Author}\" has already reviewed this request");
            }

            if (review.Roles.Count != 0 && review.Roles.Distinct().Count() != spec.RoleThresholdMapping.Count)
            {
                throw TeleportErrors.NotImplemented("role subselection is not yet supported in reviews, try omitting role list");
            }

            if (review.Annotations is { Values.Count: > 0 })
            {
                throw TeleportErrors.NotImplemented(
                    "annotations are not yet supported in reviews, try omitting annotations field");
            }

            var now = _time.GetUtcNow();
            if (FirstSet(review.Created) is null)
            {
                review.Created = Timestamp.FromDateTimeOffset(now);
            }

            review.ThresholdIndexes.Clear();
            review.ThresholdIndexes.AddRange(Enumerable.Range(0, spec.Thresholds.Count).Select(i => (uint)i));

            if (IsResolved(spec.State))
            {
                throw TeleportErrors.AccessDenied($"the access request has been already {StateName(spec.State).ToLowerInvariant()}");
            }

            spec.Reviews.Add(review);
            if (ReviewResolution.Calculate(spec) is { } resolution)
            {
                spec.State = resolution.State;
                spec.ResolveReason = resolution.Reason;
                request.Metadata.Expires = spec.Expires;
            }

            request.Metadata.Revision = Guid.NewGuid().ToString();
            Record(now, "access_request.review", request, actor, "", review.Reason, review.Author, review.SubmittedBy);
            PublishPut(request);
            return request.Clone();
        }
    }

    public AccessRequestV3 SetState(RequestStateSetter setter, string actor)
    {
        if (setter.State == RequestState.Promoted)
        {
            throw TeleportErrors.BadParameter("setting the request state to PROMOTED is only possible through access list promotion");
        }

        if (setter.State is not (RequestState.Approved or RequestState.Denied))
        {
            throw TeleportErrors.BadParameter($"invalid request state {StateName(setter.State)}, expected APPROVED or DENIED");
        }

        if (setter.Reason.Length > MaxReasonLength)
        {
            throw TeleportErrors.BadParameter($"resolve reason is too long, max {MaxReasonLength} bytes");
        }

        lock (_gate)
        {
            var request = Find(setter.ID, $"cannot set state of access request \"{setter.ID}\" (not found)");
            var spec = request.Spec;
            if (actor == spec.User)
            {
                throw TeleportErrors.AccessDenied("cannot resolve your own access request");
            }

            if (IsResolved(spec.State))
            {
                throw TeleportErrors.BadParameter(
                    $"the request has already been {StateName(spec.State).ToLowerInvariant()} and cannot be set to {StateName(setter.State)}");
            }

            foreach (var role in setter.Roles)
            {
                if (!spec.Roles.Contains(role))
                {
                    throw TeleportErrors.BadParameter(
                        $"role \"{role}\" not in original request, overrides must be a subset of original role list");
                }
            }

            spec.State = setter.State;
            spec.ResolveReason = setter.Reason;
            spec.ResolveAnnotations = setter.Annotations?.Clone() ?? new LabelValues();
            if (setter.Roles.Count > 0)
            {
                spec.Roles.Clear();
                spec.Roles.AddRange(setter.Roles);
            }

            if (setter.State == RequestState.Approved)
            {
                request.Metadata.Expires = spec.Expires;
            }

            request.Metadata.Revision = Guid.NewGuid().ToString();
            Record(_time.GetUtcNow(), "access_request.update", request, actor, setter.Delegator, setter.Reason);
            PublishPut(request);
            return request.Clone();
        }
    }

    public void Delete(string requestId, string actor)
    {
        lock (_gate)
        {
            Find(requestId, $"cannot delete access request \"{requestId}\" (not found)");
            Remove(requestId, "access_request.delete", actor);
        }
    }

    /// <summary>Expires a request now, exactly as if its TTL had passed.</summary>
    public void Expire(string requestId)
    {
        lock (_gate)
        {
            Find(requestId, $"access request \"{requestId}\" not found");
            Remove(requestId, "access_request.expire", "system");
        }
    }

    public IReadOnlyList<AccessRequestV3> Get(AccessRequestFilter? filter)
    {
        lock (_gate)
        {
            return [.. _requests.Values.Where(r => Matches(filter, r)).Select(r => r.Clone())];
        }
    }

    public ListAccessRequestsResponse List(ListAccessRequestsRequest page)
    {
        var limit = page.Limit < 1 ? DefaultPageSize : page.Limit;
        if (limit > MaxPageSize)
        {
            throw TeleportErrors.BadParameter($"page size of {limit} is too large");
        }

        // Like Teleport's backend path: keys are request IDs (UUIDv7, so creation order), ascending only.
        if (page.Sort != AccessRequestSort.Default)
        {
            throw TeleportErrors.BadParameter($"access request sort indexes other than DEFAULT are not supported (got {page.Sort})");
        }

        if (page.Descending)
        {
            throw TeleportErrors.BadParameter("access requests cannot be listed in descending order");
        }

        var response = new ListAccessRequestsResponse();
        lock (_gate)
        {
            var (matching, next) = KeyedPage.Take(
                _requests.Where(pair => string.CompareOrdinal(pair.Key, page.StartKey) >= 0 && Matches(page.Filter, pair.Value)).Select(pair => pair.Value),
                limit,
                r => r.Metadata.Name);
            response.NextKey = next;
            response.AccessRequests.AddRange(matching.Select(r => r.Clone()));
        }

        return response;
    }

    public PluginDataSeq GetPluginData(PluginDataFilter filter)
    {
        RequireAccessRequestKind(filter.Kind);
        var result = new PluginDataSeq();
        lock (_gate)
        {
            // A plugin reads one request's data: a lookup, not a scan of every request's (O(n) under the lock made
            // each read cost more as a load run delivered more requests).
            IEnumerable<KeyValuePair<string, Dictionary<string, Dictionary<string, string>>>> matching = filter.Resource.Length == 0
                ? _pluginData
                : _pluginData.TryGetValue(filter.Resource, out var one) ? [new(filter.Resource, one)] : [];
            foreach (var (resource, entries) in matching)
            {
                var data = new PluginDataV3
                {
                    Kind = "plugin_data",
                    SubKind = AccessRequestKind,
                    Version = "v3",
                    Metadata = new Metadata { Name = resource, Namespace = DefaultNamespace },
                    Spec = new PluginDataSpecV3(),
                };
                foreach (var (plugin, values) in entries)
                {
                    if (filter.Plugin.Length == 0 || filter.Plugin == plugin)
                    {
                        data.Spec.Entries[plugin] = new PluginDataEntry { Data = { values } };
                    }
                }

                if (data.Spec.Entries.Count > 0)
                {
                    result.PluginData.Add(data);
                }
            }
        }

        return result;
    }

    /// <summary>Compare-and-swap update of one plugin's entry, as api/types/plugin_data.go does it.</summary>
    public void UpdatePluginData(PluginDataUpdateParams update)
    {
        RequireAccessRequestKind(update.Kind);
        if (update.Resource.Length == 0 || update.Plugin.Length == 0)
        {
            throw TeleportErrors.BadParameter("plugin data update needs a resource and a plugin name");
        }

        lock (_gate)
        {
            // Teleport keeps plugin data an hour past its request so plugins can still update it while handling the
            // DELETE event; only creating data for a request that does not exist is refused.
            if (!_requests.ContainsKey(update.Resource) && !_orphanedPluginData.ContainsKey(update.Resource))
            {
                throw TeleportErrors.NotFound($"access request \"{update.Resource}\" not found");
            }

            _pluginData.TryGetValue(update.Resource, out var entries);
            Dictionary<string, string>? current = null;
            entries?.TryGetValue(update.Plugin, out current);

            // An empty Expect cannot be told from an absent one on the wire, so it means "no check".
            foreach (var (key, expected) in update.Expect)
            {
                var actual = current is not null && current.TryGetValue(key, out var value) ? value : "";
                if (actual != expected)
                {
                    throw TeleportErrors.CompareFailed($"expectations not met for field \"{key}\"");
                }
            }

            if (update.Set.Count == 0)
            {
                return;
            }

            current ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in update.Set)
            {
                if (value.Length == 0)
                {
                    current.Remove(key);
                }
                else
                {
                    current[key] = value;
                }
            }

            entries ??= new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            if (current.Count == 0)
            {
                entries.Remove(update.Plugin);
            }
            else
            {
                entries[update.Plugin] = current;
            }

            if (entries.Count == 0)
            {
                _pluginData.Remove(update.Resource);
            }
            else
            {
                _pluginData[update.Resource] = entries;
            }
        }
    }

    /// <summary>Opens a watch: validates the kinds, then queues INIT before any later commit can be offered.</summary>
    public WatchSubscription Watch(Watch watch)
    {
        if (watch.Kinds.Count == 0)
        {
            throw TeleportErrors.BadParameter("missing parameter Kinds");
        }

        var confirmed = new List<WatchKind>();
        foreach (var kind in watch.Kinds)
        {
            if (kind.Kind == AccessMonitoringRuleStore.Kind)
            {
                confirmed.Add(kind.Clone());
                continue;
            }

            if (kind.Kind != AccessRequestKind)
            {
                if (watch.AllowPartialSuccess)
                {
                    continue;
                }

                throw TeleportErrors.BadParameter($"resource type \"{kind.Kind}\" is not supported by this event stream");
            }

            foreach (var key in kind.Filter.Keys)
            {
                if (key is not ("id" or "user" or "state"))
                {
                    throw TeleportErrors.BadParameter($"unknown filter key {key}");
                }
            }

            confirmed.Add(kind.Clone());
        }

        var init = new Event
        {
            Type = Operation.Init,
            WatchStatus = new WatchStatusV1
            {
                Kind = "watch_status",
                Version = "v1",
                Metadata = new Metadata { Name = "watch_status", Namespace = DefaultNamespace },
                Spec = new WatchStatusSpecV1 { Kinds = { confirmed } },
            },
        };
        var subscription = new WatchSubscription(confirmed, _watchBufferSize);
        lock (_gate)
        {
            subscription.Offer(init);
            _watchers.Add(subscription);
        }

        return subscription;
    }

    public void Unwatch(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _watchers.Remove(subscription);
        }

        subscription.Close();
    }

    /// <summary>Ends every open watch with Unavailable, like an Auth Service restart; returns how many were open.</summary>
    public int DropWatchers()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close(TeleportErrors.ConnectionProblem("watch stream closed by the simulator"));
            }

            var count = _watchers.Count;
            _watchers.Clear();
            return count;
        }
    }

    public IReadOnlyList<AuditEntry> Audit()
    {
        lock (_gate)
        {
            return [.. _audit];
        }
    }

    /// <summary>Deletes requests whose resource TTL has passed and plugin data whose grace period is over.</summary>
    public void SweepExpired()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var expired = _requests.Values
                .Where(r => r.Metadata.Expires is { } expires && expires.ToDateTimeOffset() <= now)
                .Select(r => r.Metadata.Name)
                .ToList();
            foreach (var id in expired)
            {
                Remove(id, "access_request.expire", "system");
            }

            foreach (var resource in _orphanedPluginData.Where(p => p.Value <= now).Select(p => p.Key).ToList())
            {
                _orphanedPluginData.Remove(resource);
                _pluginData.Remove(resource);
            }
        }
    }

    public void Dispose()
    {
        _sweepTimer.Dispose();
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close(TeleportErrors.ConnectionProblem("the simulator is shutting down"));
            }

            _watchers.Clear();
        }
    }

    internal static bool IsResolved(RequestState state) =>
        state is RequestState.Approved or RequestState.Denied or RequestState.Promoted;

    internal static string StateName(RequestState state) => state.ToString().ToUpperInvariant();

    private AccessRequestV3 Find(string id, string notFoundMessage) =>
        _requests.TryGetValue(id, out var request) ? request : throw TeleportErrors.NotFound(notFoundMessage);

    private void Remove(string id, string auditEvent, string actor)
    {
        var request = _requests[id];
        _requests.Remove(id);
        var now = _time.GetUtcNow();
        if (_pluginData.ContainsKey(id))
        {
            _orphanedPluginData[id] = now + PluginDataGrace;
        }

        Record(now, auditEvent, request, actor, "", "");
        Publish(new Event
        {
            Type = Operation.Delete,
            ResourceHeader = new ResourceHeader
            {
                Kind = AccessRequestKind,
                Version = "v3",
                Metadata = new Metadata { Name = id, Namespace = DefaultNamespace },
            },
        });
    }

    /// <summary>Offers another kind's event (access_monitoring_rule) to the watchers, in order with request commits.</summary>
    public void PublishEvent(Event ev)
    {
        lock (_gate)
        {
            Publish(ev);
        }
    }

    private void PublishPut(AccessRequestV3 request) =>
        Publish(new Event { Type = Operation.Put, AccessRequest = request.Clone() });

    private void Publish(Event ev)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Offer(ev);
        }

        // A watcher closed for overflow is forgotten; its stream ends with the error it was closed with.
        _watchers.RemoveAll(w => w.Events.Completion.IsCompleted);
    }

    private void Record(
        DateTimeOffset now, string name, AccessRequestV3 request, string actor, string delegator, string reason, string author = "", string submittedBy = "") =>
        _audit.Add(new AuditEntry(
            now,
            name,
            request.Metadata.Name,
            actor,
            (AccessRequestState)request.Spec.State,
            delegator,
            reason)
        {
            Reviewer = author,
            SubmittedBy = submittedBy,
        });

    private static bool Matches(AccessRequestFilter? filter, AccessRequestV3 request) =>
        filter is null
        || ((filter.ID.Length == 0 || filter.ID == request.Metadata.Name)
            && (filter.User.Length == 0 || filter.User == request.Spec.User)
            && (filter.State == RequestState.None || filter.State == request.Spec.State));

    private static void RequireAccessRequestKind(string kind)
    {
        if (kind != AccessRequestKind)
        {
            throw TeleportErrors.BadParameter($"unsupported resource kind \"{kind}\" for plugin data");
        }
    }

    // Go's zero time (0001-01-01) arrives for unset non-nullable timestamps; it and anything up to 1970 count as unset.
    private static DateTimeOffset? FirstSet(params Timestamp?[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate is not null && candidate.Seconds > 0)
            {
                return candidate.ToDateTimeOffset();
            }
        }

        return null;
    }
}
