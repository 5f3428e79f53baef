using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// <see cref="ITeleportClient"/> over the Auth Service's gRPC API. The cluster facts from the first Ping are kept, so
/// every snapshot names the cluster and links to the Web UI.
/// </summary>
internal sealed partial class TeleportClient(
    IGrpcCallInvoker invoker,
    TeleportClientOptions options,
    TimeProvider timeProvider,
    ILogger<TeleportClient> logger) : ITeleportClient
{
    private const string AccessRequestKind = "access_request";
    private TeleportClusterInfo? _cluster;

    public async Task<TeleportClusterInfo> PingAsync(CancellationToken cancellationToken)
    {
        var pong = await invoker.UnaryAsync(AuthServiceMethods.Ping, new PingRequest(), Unary(), cancellationToken);
        // Teleport shows the proxy address for links only when Enterprise access workflows are on; the OSS Web UI
        // has no request page (anchor-plugins.md §3.1).
        var proxy = pong.ServerFeatures is { AdvancedAccessWorkflows: true } && pong.ProxyPublicAddr.Length > 0 ? pong.ProxyPublicAddr : null;
        var info = new TeleportClusterInfo(pong.ClusterName, pong.ServerVersion, proxy);
        CheckVersion(info.ServerVersion, options.MinimumServerVersion);
        _cluster = info;
        LogConnected(logger, info.ClusterName, info.ServerVersion);
        return info;
    }

    public async IAsyncEnumerable<TeleportWatchEvent> WatchAccessRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        var watch = new Watch { Kinds = { new WatchKind { Kind = AccessRequestKind } } };
        await foreach (var item in invoker.ServerStreamingAsync(AuthServiceMethods.WatchEvents, watch, GrpcCallOptions.None, cancellationToken))
        {
            switch (item.Type)
            {
                case Operation.Init:
                    yield return TeleportWatchEvent.Init;
                    break;
                case Operation.Put when item.ResourceCase == Event.ResourceOneofCase.AccessRequest:
                    yield return TeleportWatchEvent.Put(AccessRequestMapper.ToSnapshot(item.AccessRequest, cluster));
                    break;
                case Operation.Delete when item.ResourceCase == Event.ResourceOneofCase.ResourceHeader
                    && item.ResourceHeader.Kind == AccessRequestKind:
                    yield return TeleportWatchEvent.Delete(item.ResourceHeader.Metadata?.Name ?? string.Empty);
                    break;
                default:
                    // Other kinds or shapes a newer server may send: not ours to handle.
                    LogIgnoredEvent(logger, item.Type, item.ResourceCase);
                    break;
            }
        }
    }

    public async Task<IReadOnlyList<AccessRequestSnapshot>> ListAccessRequestsAsync(CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        var requests = new List<AccessRequestSnapshot>();
        try
        {
            var request = new ListAccessRequestsRequest { Filter = new AccessRequestFilter(), Limit = options.ListPageSize };
            do
            {
                var page = await invoker.UnaryAsync(AuthServiceMethods.ListAccessRequests, request, Unary(), cancellationToken);
                requests.AddRange(page.AccessRequests.Select(r => AccessRequestMapper.ToSnapshot(r, cluster)));
                request.StartKey = page.NextKey;
            }
            while (request.StartKey.Length > 0);
        }
        catch (GrpcCallException e) when (e.StatusCode == GrpcStatusCode.Unimplemented)
        {
            // Servers older than ListAccessRequests stream everything instead, as Teleport's own client falls back.
            LogListFallback(logger);
            requests.Clear();
            await foreach (var item in invoker.ServerStreamingAsync(AuthServiceMethods.GetAccessRequestsV2, new AccessRequestFilter(), GrpcCallOptions.None, cancellationToken))
            {
                requests.Add(AccessRequestMapper.ToSnapshot(item, cluster));
            }
        }

        return requests;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken)
    {
        var filter = new PluginDataFilter { Kind = AccessRequestKind, Resource = requestId, Plugin = plugin };
        var sequence = await invoker.UnaryAsync(AuthServiceMethods.GetPluginData, filter, Unary(), cancellationToken);
        var entry = sequence.PluginData
            .Select(data => data.Spec?.Entries.GetValueOrDefault(plugin))
            .FirstOrDefault(found => found is not null);
        return entry is null ? new Dictionary<string, string>() : new Dictionary<string, string>(entry.Data, StringComparer.Ordinal);
    }

    public async Task UpdatePluginDataAsync(
        string requestId,
        string plugin,
        IReadOnlyDictionary<string, string> set,
        IReadOnlyDictionary<string, string> expect,
        CancellationToken cancellationToken)
    {
        var update = new PluginDataUpdateParams { Kind = AccessRequestKind, Resource = requestId, Plugin = plugin };
        update.Set.Add(set.ToDictionary());
        update.Expect.Add(expect.ToDictionary());
        await invoker.UnaryAsync(AuthServiceMethods.UpdatePluginData, update, Unary(), cancellationToken);
    }

    public async Task<AccessRequestSnapshot> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        var submission = new AccessReviewSubmission
        {
            RequestID = requestId,
            // No author: Teleport makes the caller the author, which is the only author it accepts from a plugin.
            Review = new Protos.Types.AccessReview
            {
                ProposedState = AccessRequestMapper.FromState(proposedState),
                Reason = reason,
                Created = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
            },
        };
        var reviewed = await invoker.UnaryAsync(AuthServiceMethods.SubmitAccessReview, submission, Unary(), cancellationToken);
        return AccessRequestMapper.ToSnapshot(reviewed, cluster);
    }

    public async Task SetAccessRequestStateAsync(string requestId, AccessRequestState state, string reason, string delegator, CancellationToken cancellationToken)
    {
        var setter = new RequestStateSetter { ID = requestId, State = AccessRequestMapper.FromState(state), Reason = reason, Delegator = delegator };
        await invoker.UnaryAsync(AuthServiceMethods.SetAccessRequestState, setter, Unary(), cancellationToken);
    }

    /// <summary>Refuses a server older than the minimum, naming both versions.</summary>
    public static void CheckVersion(string serverVersion, Version minimum)
    {
        // Semver with pre-release or build suffixes ("17.0.0-dev.3", "16.4.2+abc"): compare the numeric core.
        var core = serverVersion.TrimStart('v').Split('-', '+')[0];
        if (!Version.TryParse(core, out var version))
        {
            throw new TeleportVersionException($"the Auth Service reported version '{serverVersion}', which is not a version number");
        }

        if (version < minimum)
        {
            throw new TeleportVersionException(string.Create(
                CultureInfo.InvariantCulture,
                $"the Auth Service runs Teleport {serverVersion}; teleport-plugins needs {minimum.Major}.{minimum.Minor}.{minimum.Build} or newer"));
        }
    }

    private async ValueTask<TeleportClusterInfo> ClusterAsync(CancellationToken cancellationToken) =>
        _cluster ?? await PingAsync(cancellationToken);

    private GrpcCallOptions Unary() => new() { Deadline = timeProvider.GetUtcNow() + options.CallTimeout };

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Connected to Teleport cluster {Cluster} (Auth Service {Version})")]
    private static partial void LogConnected(ILogger logger, string cluster, string version);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "ListAccessRequests is not implemented by this Auth Service; listing with GetAccessRequestsV2")]
    private static partial void LogListFallback(ILogger logger);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Ignored watch event {Operation} with {Resource}")]
    private static partial void LogIgnoredEvent(ILogger logger, Operation operation, Event.ResourceOneofCase resource);
}
