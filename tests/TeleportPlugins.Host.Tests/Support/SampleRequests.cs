using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Request snapshots for tests.</summary>
internal static class SampleRequests
{
    public static AccessRequestSnapshot Pending(string id = "3f1f2c1e-0000-4000-8000-000000000001") => new()
    {
        Id = id,
        Cluster = "sim.example.com",
        User = "alice@example.com",
        Roles = ["db-admin"],
        Reason = "incident INC-42",
        State = AccessRequestState.Pending,
        Created = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
        WebUiLink = new Uri($"https://proxy.example.com/web/requests/{id}"),
    };

    public static AccessRequestSnapshot Reviewed(AccessRequestSnapshot request, string author, AccessRequestState proposed) => request with
    {
        Reviews = [.. request.Reviews, new AccessReview(author, proposed, $"{author} says so", request.Created.AddMinutes(request.Reviews.Count + 1))],
    };

    public static AccessRequestSnapshot Resolved(AccessRequestSnapshot request, AccessRequestState state) => request with
    {
        State = state,
        ResolveReason = $"resolved {state}",
    };
}
