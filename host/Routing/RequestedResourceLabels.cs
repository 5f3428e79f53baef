using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The labels of a request's resources for <c>access_request.spec.resource_labels_union</c> and <c>_intersection</c>,
/// read as Teleport's access plugins read them (integrations/access/accessmonitoring: one ListResources per kind naming
/// the resources, with the host's preview_as_roles) and kept for a minute per resource, so the steps of one request and
/// a burst of requests for the same resources ask Teleport once. A resource that is not found (or that the role may not
/// see) adds no labels, as in Teleport. Any other refusal makes Teleport's plugins route by no rule; so does the host:
/// without permission it says so once and does not ask again within the minute; a Teleport that does not answer fails
/// the step so it is retried.
/// </summary>
internal sealed partial class RequestedResourceLabels(ITeleportOnBehalfClient resources, TimeProvider time, ILogger<RequestedResourceLabels> logger)
{
    /// <summary>How long a resource's labels (or its absence) are kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private const int Capacity = 10_000;

    // A resource not found is kept as this, so it is not asked for again within the lifetime.
    private static readonly IReadOnlyDictionary<string, string> NotFound = new Dictionary<string, string>();

    private readonly LookupCache<(string Kind, string Name), IReadOnlyDictionary<string, string>> _labels = new(time, Lifetime, Capacity);
    private readonly PermissionRefusal _refusal = new(time, Lifetime);

    /// <summary>The labels of each of <paramref name="request"/>'s resources found in Teleport, or null when they could not be read.</summary>
    /// <exception cref="RpcException">Teleport did not answer (Unavailable, DeadlineExceeded): the step is retried.</exception>
    public async ValueTask<IReadOnlyList<IReadOnlyDictionary<string, string>>?> GetAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        // Teleport lists by kind and name only; the cluster a resource ID names is not asked for.
        var ids = request.Resources.Select(r => (r.Kind, r.Name)).Distinct().ToList();
        var missing = ids.Where(id => !_labels.TryGet(id, out _)).ToList();
        if (missing.Count > 0)
        {
            if (_refusal.IsRemembered)
            {
                return null;
            }

            foreach (var kind in missing.GroupBy(id => id.Kind, StringComparer.Ordinal))
            {
                if (!await FetchAsync(kind.Key, [.. kind.Select(id => id.Name)], request.Id, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }

        var found = new List<IReadOnlyDictionary<string, string>>(ids.Count);
        foreach (var id in ids)
        {
            // An entry evicted meanwhile counts as not found: the next step asks again.
            if (_labels.TryGet(id, out var labels) && !ReferenceEquals(labels, NotFound))
            {
                found.Add(labels);
            }
        }

        return found;
    }

    private async ValueTask<bool> FetchAsync(string kind, List<string> names, string requestId, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels)> listed;
        try
        {
            listed = await resources.ListResourceLabelsAsync(kind, names, cancellationToken).ConfigureAwait(false);
            _refusal.Granted();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            if (_refusal.Refused())
            {
                LogLabelsDenied(logger, kind);
            }

            return false;
        }
        catch (RpcException e) when (!TeleportFailures.IsTransient(e))
        {
            LogResourcesUnreadable(logger, requestId, kind, e.StatusCode);
            return false;
        }

        foreach (var name in names)
        {
            _labels.Set((kind, name), NotFound);
        }

        foreach (var (name, labels) in listed)
        {
            _labels.Set((kind, name), labels);
        }

        return true;
    }

    [LoggerMessage(EventId = 2510, Level = LogLevel.Warning, Message = "Access Monitoring Rules on resource labels do not apply: the host's Teleport role may not list the requested resources ({Kind}); give it review_requests.preview_as_roles with a role that may list and read them (Teleport's preset access-plugin role has list-access-request-resources). Such requests are routed by role_to_recipients")]
    private static partial void LogLabelsDenied(ILogger logger, string kind);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Access Monitoring Rules: the resources ({Kind}) of request {RequestId} could not be listed ({Status}); the request is routed by role_to_recipients")]
    private static partial void LogResourcesUnreadable(ILogger logger, string requestId, string kind, StatusCode status);
}
