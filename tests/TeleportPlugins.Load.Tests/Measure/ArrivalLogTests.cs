using TeleportPlugins.Load.Measure;

using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Tests.Measure;

public sealed class ArrivalLogTests
{
    private static readonly string[] Tools = ["slack", "jira"];

    [Test]
    public void Accepted_MarkersInBodies_FirstArrivalRootsAndRepliesCountedPerToolAndRequest()
    {
        var log = new ArrivalLog(3, Tools);
        log.Issued(RequestEvent.Created, 1);
        log.Accepted(0, CallKind.Root, $$"""{"text":"reason: {{Markers.Of(RequestEvent.Created, 1)}}"}""");
        var first = log.FirstArrival(0, RequestEvent.Created, 1);
        log.Accepted(0, CallKind.Update, $"edit {Markers.Of(RequestEvent.Created, 1)} {Markers.Of(RequestEvent.FirstReview, 1)}");
        log.Accepted(0, CallKind.Reply, $"reply {Markers.Of(RequestEvent.FirstReview, 1)}");
        log.Accepted(0, CallKind.Root, $"again {Markers.Of(RequestEvent.Created, 1)}");
        log.AcceptedRead(1);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Zero);
            Assert.That(log.FirstArrival(0, RequestEvent.Created, 1), Is.EqualTo(first), "a later call does not move the first arrival");
            Assert.That(log.FirstArrival(0, RequestEvent.FirstReview, 1), Is.Not.Zero);
            Assert.That(log.FirstArrival(1, RequestEvent.Created, 1), Is.Zero, "the other tool got nothing");
            Assert.That(log.Roots(0, 1), Is.EqualTo(2));
            Assert.That(log.Replies(0, RequestEvent.FirstReview, 1), Is.EqualTo(1), "the edit carrying the review's marker is not a reply");
            Assert.That(log.Replies(0, RequestEvent.SecondReview, 1), Is.Zero);
            Assert.That(log.Calls(0), Is.EqualTo(4));
            Assert.That(log.Calls(1), Is.EqualTo(1));
            Assert.That(log.ReachedAll([0], RequestEvent.Created, 1), Is.True);
            Assert.That(log.ReachedAll([0, 1], RequestEvent.Created, 1), Is.False);
        });
    }

    [Test]
    public void Accepted_WhileNotRecordingOrMarkerOutOfRange_NothingCounted()
    {
        var log = new ArrivalLog(2, Tools);
        log.Accepted(0, CallKind.Root, Markers.Of(RequestEvent.Created, 7));
        log.Recording = false;
        log.Accepted(0, CallKind.Root, Markers.Of(RequestEvent.Created, 0));

        Assert.That(log.Roots(0, 0), Is.Zero);
        Assert.That(log.FirstArrival(0, RequestEvent.Created, 0), Is.Zero);
    }

    [Test]
    public void Markers_In_FindsEveryMarkerOfEveryEvent()
    {
        var text = $"{Markers.Of(RequestEvent.Created, 12)} and {Markers.Of(RequestEvent.SecondReview, 3)}, {Markers.Of(RequestEvent.Resolved, 99999)} zqq1zq";

        Assert.That(Markers.In(text), Is.EqualTo(new[] { (RequestEvent.Created, 12), (RequestEvent.SecondReview, 3), (RequestEvent.Resolved, 99999) }));
    }

    [Test]
    public void DeliveryReport_Of_CountsCompleteRequestsDuplicatesMissingRootsAndReplies()
    {
        var log = new ArrivalLog(2, Tools);
        for (var requestEvent = RequestEvent.Created; requestEvent <= RequestEvent.Resolved; requestEvent++)
        {
            log.Issued(requestEvent, 0);
            log.Issued(requestEvent, 1);
            foreach (var tool in new[] { 0, 1 })
            {
                var kind = requestEvent switch { RequestEvent.Created => CallKind.Root, RequestEvent.Resolved => CallKind.Update, _ => CallKind.Reply };
                log.Accepted(tool, kind, Markers.Of(requestEvent, 0));
            }
        }

        log.Accepted(1, CallKind.Root, Markers.Of(RequestEvent.Created, 0));
        log.Accepted(0, CallKind.Root, Markers.Of(RequestEvent.Created, 1));

        var report = DeliveryReport.Of(log);

        Assert.Multiple(() =>
        {
            Assert.That(report.FullyDelivered, Is.EqualTo(1));
            Assert.That(report.DuplicateRoots, Is.EqualTo(1));
            Assert.That(report.MissingRoots, Is.EqualTo(1), "request 1 never reached jira");
            Assert.That(report.RepliesExactlyOnce, Is.EqualTo(4));
            Assert.That(report.ReplySlots, Is.EqualTo(8));
            Assert.That(report.StepsDelivered, Is.EqualTo(9));
            Assert.That(report.PerTool["slack"].Count, Is.EqualTo(5));
        });
    }

    [Test]
    public void Percentiles_Of_NearestRank()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();

        var percentiles = Percentiles.Of(samples);

        Assert.That(percentiles, Is.EqualTo(new Percentiles(100, 50, 95, 99, 100)));
    }
}
