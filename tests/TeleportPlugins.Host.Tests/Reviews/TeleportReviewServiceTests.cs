using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Reviews;

public sealed class TeleportReviewServiceTests
{
    [Test]
    public async Task SubmitReview_Repeated_AppliedThenAlreadyDone()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        var service = Service(cluster, "pagerduty", reviewer: "teleport-plugins");

        var first = await service.SubmitReviewAsync(id, AccessRequestState.Approved, "on call", CancellationToken.None);
        var second = await service.SubmitReviewAsync(id, AccessRequestState.Approved, "on call", CancellationToken.None);

        Assert.That((first, second), Is.EqualTo((ReviewOutcome.Applied, ReviewOutcome.AlreadyDone)));
        Assert.That(cluster.ListCalls, Is.EqualTo(1), "the refusal was checked by re-reading the request");
    }

    [Test]
    public void SubmitReview_RefusedButNotReviewedByUs_Rethrown()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        cluster.Review(id, "teleport-plugins", AccessRequestState.Approved);

        // Same refusal code, but the re-read shows no review by this service's identity: not "already done".
        var service = Service(cluster, "pagerduty", reviewer: "someone-else", user: "teleport-plugins");

        Assert.That(
            async () => await service.SubmitReviewAsync(id, AccessRequestState.Approved, "on call", CancellationToken.None),
            Throws.TypeOf<RpcException>().With.Property(nameof(RpcException.StatusCode)).EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task SetRequestState_DelegatorNamesAdapterAndUser_SecondCallAlreadyDone()
    {
        var cluster = new FakeTeleportCluster();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        var service = Service(cluster, "jira", reviewer: null);

        var first = await service.SetRequestStateAsync(id, AccessRequestState.Approved, "approved in JIRA-7", "alice@example.com", CancellationToken.None);
        var second = await service.SetRequestStateAsync(id, AccessRequestState.Approved, "approved in JIRA-7", "alice@example.com", CancellationToken.None);

        Assert.That((first, second), Is.EqualTo((ReviewOutcome.Applied, ReviewOutcome.AlreadyDone)));
        Assert.That(cluster.StateChanges, Is.EqualTo(new[] { $"{id} Approved approved in JIRA-7 jira:alice@example.com" }));
    }

    [Test]
    public async Task Calls_UnknownRequest_RequestNotFound()
    {
        var cluster = new FakeTeleportCluster();
        var service = Service(cluster, "jira", reviewer: "teleport-plugins");

        var review = await service.SubmitReviewAsync("missing", AccessRequestState.Approved, "x", CancellationToken.None);
        var state = await service.SetRequestStateAsync("missing", AccessRequestState.Denied, "x", "bob", CancellationToken.None);

        Assert.That((review, state), Is.EqualTo((ReviewOutcome.RequestNotFound, ReviewOutcome.RequestNotFound)));
    }

    private static TeleportReviewService Service(FakeTeleportCluster cluster, string adapter, string? reviewer, string user = "teleport-plugins") =>
        new(cluster.Connect(user), adapter, reviewer, NullLogger<TeleportReviewService>.Instance);
}
