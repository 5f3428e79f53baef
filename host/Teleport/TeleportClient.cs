using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Teleport.Dialing;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.AccessMonitoringRules;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Users;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// <see cref="ITeleportClient"/> over the Auth Service's gRPC API (the client Grpc.Tools generates from proto/). The
/// cluster facts from the first Ping are kept, so every snapshot names the cluster and links to the Web UI.
/// </summary>
/// <param name="auth">The generated client on the channel to the Auth Service.</param>
/// <param name="target">"Teleport Auth Service at host:port", named in connection errors.</param>
/// <param name="users">The UsersService client on the same channel; null where a peer has none (calls then answer Unimplemented).</param>
/// <param name="rules">The Access Monitoring Rules service on the same channel; without it rules are not read.</param>
internal sealed partial class TeleportClient(
    AuthService.AuthServiceClient auth,
    string target,
    TeleportClientOptions options,
    TimeProvider timeProvider,
    ILogger<TeleportClient> logger,
    UsersService.UsersServiceClient? users = null,
    AccessMonitoringRulesService.AccessMonitoringRulesServiceClient? rules = null) : ITeleportClient, ITeleportOnBehalfClient
{
    private const string AccessRequestKind = "access_request";
    private const string AccessMonitoringRuleKind = "access_monitoring_rule";
    private const string NodeKind = "node";
    private const string KubeClusterKind = "kube_cluster";
    private const string AppKind = "app";
    private const string DatabaseKind = "db";
    private const string WindowsDesktopKind = "windows_desktop";

    // Teleport's plugins read rules 1,000 at a time (integrations/access/accessmonitoring).
    private const int RulePageSize = 1000;
    private TeleportClusterInfo? _cluster;

    public async Task<TeleportClusterInfo> PingAsync(CancellationToken cancellationToken)
    {
        var pong = await UnaryAsync(auth.PingAsync(new PingRequest(), deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
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
        // Partial success: a role that may not read rules still watches requests; the INIT says which kinds were taken.
        var watch = new Watch { AllowPartialSuccess = true, Kinds = { new WatchKind { Kind = AccessRequestKind } } };
        if (rules is not null)
        {
            watch.Kinds.Add(new WatchKind { Kind = AccessMonitoringRuleKind });
        }

        using var call = auth.WatchEvents(watch, cancellationToken: cancellationToken);
        while (await NextAsync(call.ResponseStream, cancellationToken))
        {
            var item = call.ResponseStream.Current;
            switch (item.Type)
            {
                case Operation.Init:
                    yield return TeleportWatchEvent.InitWith(
                        rules is not null && item.WatchStatus?.Spec?.Kinds.Any(k => k.Kind == AccessMonitoringRuleKind) == true);
                    break;
                case Operation.Put when item.ResourceCase == Event.ResourceOneofCase.AccessMonitoringRule:
                    yield return TeleportWatchEvent.RulePut(ToRule(item.AccessMonitoringRule));
                    break;
                case Operation.Delete when item.ResourceCase == Event.ResourceOneofCase.ResourceHeader
                    && item.ResourceHeader.Kind == AccessMonitoringRuleKind:
                    yield return TeleportWatchEvent.RuleDelete(item.ResourceHeader.Metadata?.Name ?? string.Empty);
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

    public IAsyncEnumerable<IReadOnlyList<AccessRequestSnapshot>> ListAccessRequestPagesAsync(CancellationToken cancellationToken) =>
        ListPagesAsync(new AccessRequestFilter(), cancellationToken);

    public async Task<AccessRequestSnapshot?> GetAccessRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        await foreach (var page in ListPagesAsync(new AccessRequestFilter { ID = requestId }, cancellationToken))
        {
            if (page.FirstOrDefault(r => string.Equals(r.Id, requestId, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<MonitoringRule>> ListAccessMonitoringRulesAsync(CancellationToken cancellationToken)
    {
        if (rules is null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "this Teleport client does not read Access Monitoring Rules"));
        }

        var found = new List<MonitoringRule>();
        var request = new ListAccessMonitoringRulesWithFilterRequest { PageSize = RulePageSize, Subjects = { AccessRequestKind } };
        do
        {
            var page = await UnaryAsync(
                rules.ListAccessMonitoringRulesWithFilterAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
            found.AddRange(page.Rules.Select(ToRule));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return found;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken)
    {
        var filter = new PluginDataFilter { Kind = AccessRequestKind, Resource = requestId, Plugin = plugin };
        var sequence = await UnaryAsync(auth.GetPluginDataAsync(filter, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
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
        await UnaryAsync(auth.UpdatePluginDataAsync(update, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
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
        var reviewed = await UnaryAsync(auth.SubmitAccessReviewAsync(submission, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return AccessRequestMapper.ToSnapshot(reviewed, cluster);
    }

    public async Task<IReadOnlyList<TeleportUser>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var users = UsersOrUnimplemented();

        var found = new List<TeleportUser>();
        var request = new ListUsersRequest { PageSize = options.ListPageSize };
        do
        {
            var page = await UnaryAsync(users.ListUsersAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
            found.AddRange(page.Users.Select(ToUser));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return found;
    }

    public async Task<TeleportUser> GetUserAsync(string name, CancellationToken cancellationToken)
    {
        var response = await UnaryAsync(
            UsersOrUnimplemented().GetUserAsync(new GetUserRequest { Name = name }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return ToUser(response.User ?? new UserV2());
    }

    public async Task<IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels)>> ListResourceLabelsAsync(
        string kind, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        // Teleport lists app, db and kube_cluster through their servers (api/accessrequest.mapResourceKindToListResourcesType)
        // and takes the labels of the app, database or cluster a server carries, not the server's own.
        var resourceType = kind switch
        {
            NodeKind or WindowsDesktopKind => kind,
            KubeClusterKind => "kube_server",
            AppKind => "app_server",
            DatabaseKind => "db_server",
            _ => null,
        };
        var found = new List<(string, IReadOnlyDictionary<string, string>)>();
        if (resourceType is null || names.Count == 0)
        {
            return found;
        }

        var request = new ListResourcesRequest
        {
            ResourceType = resourceType,
            Limit = names.Count,
            PredicateExpression = string.Join(" || ", names.Select(n => "resource.metadata.name == " + GoQuote(n))),
            UsePreviewAsRoles = true,
        };
        do
        {
            var page = await UnaryAsync(auth.ListResourcesAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
            foreach (var resource in page.Resources)
            {
                var (metadata, commandLabels) = resource.ResourceCase switch
                {
                    PaginatedResource.ResourceOneofCase.Node => (resource.Node.Metadata, resource.Node.Spec?.CmdLabels),
                    PaginatedResource.ResourceOneofCase.KubernetesServer => (resource.KubernetesServer.Spec?.Cluster?.Metadata, resource.KubernetesServer.Spec?.Cluster?.Spec?.DynamicLabels),
                    PaginatedResource.ResourceOneofCase.KubeCluster => (resource.KubeCluster.Metadata, resource.KubeCluster.Spec?.DynamicLabels),
                    PaginatedResource.ResourceOneofCase.AppServer => (resource.AppServer.Spec?.App?.Metadata, resource.AppServer.Spec?.App?.Spec?.DynamicLabels),
                    PaginatedResource.ResourceOneofCase.DatabaseServer => (resource.DatabaseServer.Spec?.Database?.Metadata, resource.DatabaseServer.Spec?.Database?.Spec?.DynamicLabels),
                    PaginatedResource.ResourceOneofCase.WindowsDesktop => (resource.WindowsDesktop.Header?.Metadata, null),
                    _ => (null, null),
                };
                if (metadata is not null)
                {
                    // As Teleport's GetAllLabels (types.CombineLabels): a command label's result replaces a static label of that key.
                    var labels = new Dictionary<string, string>(metadata.Labels, StringComparer.Ordinal);
                    foreach (var (key, label) in commandLabels ?? [])
                    {
                        labels[key] = label.Result;
                    }

                    found.Add((metadata.Name, labels));
                }
            }

            request.StartKey = page.NextKey;
        }
        while (request.StartKey.Length > 0);

        return found;
    }

    public async Task<AccessRequestSnapshot> SubmitReviewOnBehalfAsync(
        string requestId, string author, string submittedBy, AccessRequestState proposedState, string reason, CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        var submission = new AccessReviewSubmission
        {
            RequestID = requestId,
            Review = new Protos.Types.AccessReview
            {
                Author = author,
                SubmittedBy = submittedBy,
                SubmittedOnBehalfOfAuthor = true,
                ProposedState = AccessRequestMapper.FromState(proposedState),
                Reason = reason,
                Created = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
            },
        };
        var reviewed = await UnaryAsync(auth.SubmitAccessReviewAsync(submission, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return AccessRequestMapper.ToSnapshot(reviewed, cluster);
    }

    public async Task SetAccessRequestStateAsync(string requestId, AccessRequestState state, string reason, string delegator, CancellationToken cancellationToken)
    {
        var setter = new RequestStateSetter { ID = requestId, State = AccessRequestMapper.FromState(state), Reason = reason, Delegator = delegator };
        await UnaryAsync(auth.SetAccessRequestStateAsync(setter, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
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

    /// <summary>
    /// Lists page by page, asking for the next page only when the caller moves on: the reconcile of 100,000 pending
    /// requests then holds one page at a time instead of every snapshot at once. Pages are keyed (StartKey), so a caller
    /// may take its time between them.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<AccessRequestSnapshot>> ListPagesAsync(
        AccessRequestFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync(cancellationToken);
        var request = new ListAccessRequestsRequest { Filter = filter, Limit = options.ListPageSize };
        while (true)
        {
            var page = await ListPageOrNullAsync(request, cancellationToken);
            if (page is null)
            {
                break;
            }

            if (page.AccessRequests.Count > 0)
            {
                yield return [.. page.AccessRequests.Select(r => AccessRequestMapper.ToSnapshot(r, cluster))];
            }

            request.StartKey = page.NextKey;
            if (request.StartKey.Length == 0)
            {
                yield break;
            }
        }

        // Servers older than ListAccessRequests stream everything instead, as Teleport's own client falls back. The
        // stream is read as the caller moves on (HTTP/2 flow control holds the server meanwhile), in pages of the same size.
        LogListFallback(logger);
        using var call = auth.GetAccessRequestsV2(filter, cancellationToken: cancellationToken);
        var chunk = new List<AccessRequestSnapshot>();
        while (await NextAsync(call.ResponseStream, cancellationToken))
        {
            chunk.Add(AccessRequestMapper.ToSnapshot(call.ResponseStream.Current, cluster));
            if (chunk.Count == options.ListPageSize)
            {
                yield return chunk;
                chunk = [];
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>One page of ListAccessRequests; null when the server does not implement it.</summary>
    private async Task<ListAccessRequestsResponse?> ListPageOrNullAsync(ListAccessRequestsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await UnaryAsync(auth.ListAccessRequestsAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && request.StartKey.Length == 0)
        {
            return null;
        }
    }

    private UsersService.UsersServiceClient UsersOrUnimplemented() =>
        users ?? throw new RpcException(new Status(StatusCode.Unimplemented, "this client has no teleport.users.v1.UsersService"));

    // Go's %q, as Teleport's anyNameMatcher quotes each name: backslash and double quote escaped, control characters as \xNN.
    private static string GoQuote(string value)
    {
        var quoted = new System.Text.StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' or '\\' => quoted.Append('\\').Append(c),
                '\n' => quoted.Append("\\n"),
                '\t' => quoted.Append("\\t"),
                '\r' => quoted.Append("\\r"),
                < ' ' => quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private static TeleportUser ToUser(UserV2 user) => new(
        user.Metadata?.Name ?? string.Empty,
        user.Spec?.Traits?.Values.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)[.. t.Value.Values], StringComparer.Ordinal)
            ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));
    private static MonitoringRule ToRule(AccessMonitoringRule rule) => new(
        rule.Metadata?.Name ?? string.Empty,
        [.. rule.Spec?.Subjects ?? []],
        rule.Spec?.Condition ?? string.Empty,
        rule.Spec?.Notification?.Name ?? string.Empty,
        [.. rule.Spec?.Notification?.Recipients ?? []]);

    private async ValueTask<TeleportClusterInfo> ClusterAsync(CancellationToken cancellationToken) =>
        _cluster ?? await PingAsync(cancellationToken);

    // Grpc.Net.Client measures deadlines on the system clock, which the host's TimeProvider is outside tests.
    private DateTime Deadline() => timeProvider.GetUtcNow().UtcDateTime + options.CallTimeout;

    private async Task<T> UnaryAsync<T>(AsyncUnaryCall<T> call, CancellationToken cancellationToken)
    {
        using (call)
        {
            try
            {
                return await call.ResponseAsync;
            }
            catch (RpcException e) when (Translate(e, cancellationToken) is { } translated)
            {
                throw translated;
            }
        }
    }

    private async Task<bool> NextAsync<T>(IAsyncStreamReader<T> stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNext(cancellationToken);
        }
        catch (RpcException e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    // The caller's cancellation is an OperationCanceledException, as the engine tells its shutdown from a failed call by
    // it; Grpc.Net.Client's option for that would turn deadlines into one too, hiding DeadlineExceeded.
    private Exception? Translate(RpcException error, CancellationToken cancellationToken) =>
        error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested
            ? new OperationCanceledException("the Teleport call was cancelled", error, cancellationToken)
            : ConnectionFailures.Explain(error, target);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Connected to Teleport cluster {Cluster} (Auth Service {Version})")]
    private static partial void LogConnected(ILogger logger, string cluster, string version);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "ListAccessRequests is not implemented by this Auth Service; listing with GetAccessRequestsV2")]
    private static partial void LogListFallback(ILogger logger);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Ignored watch event {Operation} with {Resource}")]
    private static partial void LogIgnoredEvent(ILogger logger, Operation operation, Event.ResourceOneofCase resource);
}
