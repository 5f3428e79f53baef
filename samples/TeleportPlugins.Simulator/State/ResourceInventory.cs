using System.Text.RegularExpressions;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// The cluster's nodes, Kubernetes clusters, apps, databases and Windows desktops with their labels, listed as Teleport's
/// ListResources lists them: one resource type a call, in name order with the next name as NextKey, filtered by labels
/// and by the predicate Teleport's access plugins send (<c>resource.metadata.name == "a" || ...</c>). kube_cluster, app
/// and db are listed through the kube_server, app_server and db_server carrying them (one server each here).
/// </summary>
internal sealed partial class ResourceInventory
{
    private const int DefaultLimit = 1000;
    private const int MaxLimit = 1000;

    // The ResourceTypes Teleport's ListResources pages; the simulator holds none of the others, so they list empty.
    private static readonly HashSet<string> Paginated = new(StringComparer.Ordinal)
    {
        "node", "kube_server", "app_server", "db_server", "db_service", "windows_desktop", "windows_desktop_service", "user_group",
    };

    // The kind each paginated ResourceType lists; the others list as themselves.
    private static readonly Dictionary<string, string> ServedThrough = new(StringComparer.Ordinal)
    {
        ["kube_server"] = SimulatedResource.KubeClusterKind,
        ["app_server"] = SimulatedResource.AppKind,
        ["db_server"] = SimulatedResource.DatabaseKind,
    };

    private static readonly HashSet<string> Held = new(StringComparer.Ordinal)
    {
        SimulatedResource.NodeKind, SimulatedResource.KubeClusterKind, SimulatedResource.AppKind, SimulatedResource.DatabaseKind,
        SimulatedResource.WindowsDesktopKind,
    };

    private readonly Lock _gate = new();
    private readonly SortedDictionary<(string Kind, string Name), SimulatedResource> _resources = new(Comparer<(string, string)>.Create(
        (a, b) => string.CompareOrdinal(a.Item1, b.Item1) is var kind and not 0 ? kind : string.CompareOrdinal(a.Item2, b.Item2)));

    /// <summary>Creates or replaces a resource, as a node, Kubernetes, App, Database or Windows Desktop Service heartbeat does.</summary>
    public void Upsert(SimulatedResource resource)
    {
        if (!Held.Contains(resource.Kind))
        {
            throw TeleportErrors.BadParameter($"the simulator holds node, kube_cluster, app, db and windows_desktop resources, not \"{resource.Kind}\"");
        }

        if (resource.Kind == SimulatedResource.WindowsDesktopKind && resource.CommandLabels is { Count: > 0 })
        {
            throw TeleportErrors.BadParameter("a windows_desktop has no command labels");
        }

        if (string.IsNullOrWhiteSpace(resource.Name))
        {
            throw TeleportErrors.BadParameter("missing resource name");
        }

        lock (_gate)
        {
            _resources[(resource.Kind, resource.Name)] = resource;
        }
    }

    public IReadOnlyList<SimulatedResource> All()
    {
        lock (_gate)
        {
            return [.. _resources.Values];
        }
    }

    public ListResourcesResponse List(ListResourcesRequest request)
    {
        if (!Paginated.Contains(request.ResourceType))
        {
            throw TeleportErrors.NotImplemented($"resource type {request.ResourceType} does not support pagination");
        }

        if (request.Limit < 0)
        {
            throw TeleportErrors.BadParameter("negative limit");
        }

        var names = Names(request.PredicateExpression);
        var kind = ServedThrough.GetValueOrDefault(request.ResourceType, request.ResourceType);
        var limit = request.Limit == 0 ? DefaultLimit : Math.Min(request.Limit, MaxLimit);
        var response = new ListResourcesResponse();
        lock (_gate)
        {
            var (page, next) = KeyedPage.Take(
                _resources.Values
                    .Where(r => r.Kind == kind && string.CompareOrdinal(r.Name, request.StartKey) >= 0)
                    .Where(r => names is null || names.Contains(r.Name))
                    .Where(r => request.Labels.All(l => r.Labels.TryGetValue(l.Key, out var value) && value == l.Value)),
                limit,
                r => r.Name);
            response.NextKey = next;
            response.Resources.AddRange(page.Select(ToProto));
        }

        return response;
    }

    // Only the name matcher Teleport's access plugins build (api/accessrequest anyNameMatcher) is understood.
    private static HashSet<string>? Names(string predicate)
    {
        if (predicate.Length == 0)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in predicate.Split("||"))
        {
            var match = NameMatcher().Match(term);
            if (!match.Success)
            {
                throw TeleportErrors.BadParameter($"unsupported predicate expression: {predicate}");
            }

            names.Add(Regex.Unescape(match.Groups["name"].Value));
        }

        return names;
    }

    private static PaginatedResource ToProto(SimulatedResource resource)
    {
        var metadata = new Metadata { Name = resource.Name, Namespace = "default" };
        metadata.Labels.Add(resource.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));

        // A server's own metadata has the resource's name but no labels: Teleport reads those of what it carries.
        var server = new Metadata { Name = resource.Name, Namespace = "default" };
        var commandLabels = (resource.CommandLabels ?? new Dictionary<string, string>()).ToDictionary(
            l => l.Key, l => new CommandLabelV2 { Result = l.Value }, StringComparer.Ordinal);
        return resource.Kind switch
        {
            SimulatedResource.NodeKind => new PaginatedResource { Node = new ServerV2 { Kind = "node", Version = "v2", Metadata = metadata, Spec = new ServerSpecV2 { CmdLabels = { commandLabels } } } },
            SimulatedResource.WindowsDesktopKind => new PaginatedResource
            {
                WindowsDesktop = new WindowsDesktopV3 { Header = new ResourceHeader { Kind = "windows_desktop", Version = "v3", Metadata = metadata } },
            },
            SimulatedResource.AppKind => new PaginatedResource
            {
                AppServer = new AppServerV3
                {
                    Kind = "app_server",
                    Version = "v3",
                    Metadata = server,
                    Spec = new AppServerSpecV3 { Version = "18.0.0", Hostname = "app-agent", App = new AppV3 { Kind = "app", Version = "v3", Metadata = metadata, Spec = new AppSpecV3 { DynamicLabels = { commandLabels } } } },
                },
            },
            SimulatedResource.DatabaseKind => new PaginatedResource
            {
                DatabaseServer = new DatabaseServerV3
                {
                    Kind = "db_server",
                    Version = "v3",
                    Metadata = server,
                    Spec = new DatabaseServerSpecV3
                    {
                        Version = "18.0.0",
                        Hostname = "db-agent",
                        Database = new DatabaseV3 { Kind = "db", Version = "v3", Metadata = metadata, Spec = new DatabaseSpecV3 { DynamicLabels = { commandLabels } } },
                    },
                },
            },
            _ => new PaginatedResource
            {
                KubernetesServer = new KubernetesServerV3
                {
                    Kind = "kube_server",
                    Version = "v3",
                    Metadata = server,
                    Spec = new KubernetesServerSpecV3
                    {
                        Version = "18.0.0",
                        Hostname = "kube-agent",
                        Cluster = new KubernetesClusterV3
                        {
                            Kind = "kube_cluster",
                            Version = "v3",
                            Metadata = metadata,
                            Spec = new KubernetesClusterSpecV3 { DynamicLabels = { commandLabels } },
                        },
                    },
                },
            },
        };
    }

    [GeneratedRegex("""^\s*resource\.metadata\.name\s*==\s*"(?<name>(?:[^"\\]|\\.)*)"\s*$""")]
    private static partial Regex NameMatcher();
}
