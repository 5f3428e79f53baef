using Google.Protobuf;
using TeleportPlugins.Benchmarks.Watching;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Performance.Tests.Micro;

public sealed class WatchEventDecodeBenchmarksTests
{
    private WatchEventDecodeBenchmarks _benchmarks = null!;

    [SetUp]
    public void SetUp()
    {
        _benchmarks = new WatchEventDecodeBenchmarks();
        _benchmarks.Setup();
    }

    [Test]
    public void ParseEvent_SampleEvent_ReadsEveryByte()
    {
        var message = _benchmarks.ParseEvent();

        Assert.That(message.ToByteArray(), Is.EqualTo(_benchmarks.EventBytes.ToArray()));
    }

    [Test]
    public void ParseAndConvertToSnapshot_SampleEvent_PendingRequestWithTwoApprovals()
    {
        var request = _benchmarks.ParseAndConvertToSnapshot();

        Assert.Multiple(() =>
        {
            Assert.That(request.Id, Is.EqualTo(SampleWatchEvent.RequestId));
            Assert.That(request.Cluster, Is.EqualTo("teleport.example.com"));
            Assert.That(request.User, Is.EqualTo("alice@example.com"));
            Assert.That(request.Roles, Is.EqualTo(new[] { "db-admin", "prod-ssh" }));
            Assert.That(request.State, Is.EqualTo(AccessRequestState.Pending));
            Assert.That(request.Reviews.Select(r => (r.Author, r.ProposedState)), Is.EqualTo(new[]
            {
                ("bob@example.com", AccessRequestState.Approved),
                ("carol@example.com", AccessRequestState.Approved),
            }));
            Assert.That(request.Thresholds.Select(t => t.Approve), Is.EqualTo(new[] { 3u, 2u }));
            Assert.That(request.SuggestedReviewers, Has.Count.EqualTo(3));
            Assert.That(request.Resources.Select(r => r.ToString()), Is.EqualTo(new[]
            {
                "/teleport.example.com/db/payments-primary",
                "/teleport.example.com/node/3e9a1c2b-db-replica-2",
            }));
            Assert.That(request.SystemAnnotations["pagerduty_services"], Is.EqualTo(new[] { "Payments API", "Payments DB" }));
            Assert.That(request.WebUiLink, Is.EqualTo(new Uri($"https://teleport.example.com/web/requests/{SampleWatchEvent.RequestId}")));
        });
    }
}
