using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;

namespace TeleportPlugins.Benchmarks.Watching;

/// <summary>
/// A PUT event as a Teleport Auth Service sends it for a pending request that two reviewers have approved but that
/// needs a third approval: every field a notification plugin reads is filled in.
/// </summary>
internal static class SampleWatchEvent
{
    /// <summary>The request's ID.</summary>
    public const string RequestId = "0a5b6f1e-8c2d-4e3f-9a7b-1c2d3e4f5a6b";

    /// <summary>The cluster the event comes from, as Ping reports it.</summary>
    public static TeleportClusterInfo Cluster { get; } = new("teleport.example.com", "17.4.8", "teleport.example.com:443");

    private static readonly DateTimeOffset Created = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The event.</summary>
    public static Event Create() => new()
    {
        Type = Operation.Put,
        AccessRequest = new AccessRequestV3
        {
            Kind = "access_request",
            Version = "v3",
            Metadata = new Metadata
            {
                Name = RequestId,
                Namespace = "default",
                Expires = At(TimeSpan.FromHours(24)),
                Revision = "7d9f2b3c-1e4a-4b5c-8d6e-0f1a2b3c4d5e",
            },
            Spec = Spec(),
        },
    };

    private static AccessRequestSpecV3 Spec()
    {
        var spec = new AccessRequestSpecV3
        {
            User = "alice@example.com",
            Roles = { "db-admin", "prod-ssh" },
            State = RequestState.Pending,
            Created = At(TimeSpan.Zero),
            Expires = At(TimeSpan.FromHours(8)),
            RequestReason = "INC-4711: payments database replication lag, need to inspect the replicas and restart the lagging one",
            SystemAnnotations = new LabelValues
            {
                Values =
                {
                    ["pagerduty_notify_service"] = Values("Payments API"),
                    ["pagerduty_services"] = Values("Payments API", "Payments DB"),
                    ["teleport.dev/schedules"] = Values("SRE on call", "Database on call"),
                    ["teleport.dev/teams"] = Values("SRE"),
                },
            },
            Thresholds =
            {
                new AccessReviewThreshold { Name = "default", Approve = 3, Deny = 1 },
                new AccessReviewThreshold { Name = "dba", Filter = "contains(reviewer.roles, \"dba\")", Approve = 2, Deny = 1 },
            },
            SuggestedReviewers = { "bob@example.com", "carol@example.com", "dave@example.com" },
            RequestedResourceIDs =
            {
                new ResourceID { ClusterName = "teleport.example.com", Kind = "db", Name = "payments-primary" },
                new ResourceID { ClusterName = "teleport.example.com", Kind = "node", Name = "3e9a1c2b-db-replica-2" },
            },
            MaxDuration = At(TimeSpan.FromHours(8)),
            SessionTTL = At(TimeSpan.FromHours(8)),
            ResourceExpiry = At(TimeSpan.FromHours(24)),
        };
        spec.RoleThresholdMapping["db-admin"] = new ThresholdIndexSets { Sets = { new ThresholdIndexSet { Indexes = { 0, 1 } } } };
        spec.RoleThresholdMapping["prod-ssh"] = new ThresholdIndexSets { Sets = { new ThresholdIndexSet { Indexes = { 0 } } } };
        spec.Reviews.Add(Review("bob@example.com", "looks right, replication lag confirmed on the dashboard", TimeSpan.FromMinutes(3)));
        spec.Reviews.Add(Review("carol@example.com", "approved for the incident window", TimeSpan.FromMinutes(7)));
        return spec;
    }

    private static AccessReview Review(string author, string reason, TimeSpan after) => new()
    {
        Author = author,
        Roles = { "reviewer", "dba" },
        ProposedState = RequestState.Approved,
        Reason = reason,
        Created = At(after),
        ThresholdIndexes = { 0, 1 },
    };

    private static StringValues Values(params string[] values) => new() { Values = { values } };

    private static Timestamp At(TimeSpan after) => Timestamp.FromDateTimeOffset(Created + after);
}
