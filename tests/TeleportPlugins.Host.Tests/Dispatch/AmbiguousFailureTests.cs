using System.Net;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

/// <summary>
/// A call whose answer was lost (a timeout, a connection broken after sending) may have done its work in the tool: its
/// retry is told to look there first, as after a crash. A definite refusal is retried without looking.
/// </summary>
public sealed class AmbiguousFailureTests
{
    private static IEnumerable<TestCaseData> MayHaveReachedTheTool()
    {
        yield return new TestCaseData(new TimeoutException("no answer")).SetName("{m}(TimeoutException)");
        yield return new TestCaseData(new TaskCanceledException("HttpClient.Timeout", new TimeoutException())).SetName("{m}(HttpClient timeout)");
        yield return new TestCaseData(new HttpRequestException(HttpRequestError.ResponseEnded, "the response ended prematurely")).SetName("{m}(response ended)");
        yield return new TestCaseData(new TransientAdapterException("Slack chat.postMessage timed out", new TaskCanceledException("t", new TimeoutException()))).SetName("{m}(wrapped timeout)");
        yield return new TestCaseData(new TransientAdapterException("Jira create issue failed", new HttpRequestException(HttpRequestError.Unknown, "connection reset by peer"))).SetName("{m}(wrapped reset)");
    }

    private static IEnumerable<TestCaseData> RefusedByTheTool()
    {
        yield return new TestCaseData(new TransientAdapterException("Slack chat.postMessage failed with HTTP 429", TimeSpan.FromMilliseconds(10))).SetName("{m}(429)");
        yield return new TestCaseData(new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable)).SetName("{m}(503)");
        yield return new TestCaseData(new HttpRequestException(HttpRequestError.ConnectionError, "connection refused")).SetName("{m}(connection refused)");
        yield return new TestCaseData(new TransientAdapterException("Jira is down", new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"))).SetName("{m}(wrapped name resolution)");
    }

    [TestCaseSource(nameof(MayHaveReachedTheTool))]
    public void MayHaveReachedTool_LostAnswer_True(Exception error) => Assert.That(FailureClassifier.MayHaveReachedTool(error), Is.True);

    [TestCaseSource(nameof(RefusedByTheTool))]
    public void MayHaveReachedTool_DefiniteRefusal_False(Exception error) => Assert.That(FailureClassifier.MayHaveReachedTool(error), Is.False);

    [TestCaseSource(nameof(MayHaveReachedTheTool))]
    public async Task Retry_AfterALostAnswer_LooksInTheToolFirst(Exception error)
    {
        var (slack, id, firstClaim) = await FailOnceThenDeliverAsync(error);

        var resumption = slack.Resumptions.Single();
        Assert.That((resumption.RequestId, resumption.Step, resumption.Resumed.Step), Is.EqualTo((id, "created", "created")));
        Assert.That(resumption.Resumed.ClaimedAt, Is.InRange(firstClaim - TimeSpan.FromSeconds(1), firstClaim), "the lost call's claim: nothing it created is older");
    }

    [TestCaseSource(nameof(RefusedByTheTool))]
    public async Task Retry_AfterARefusal_DoesNotLook(Exception error)
    {
        var (slack, _, _) = await FailOnceThenDeliverAsync(error);

        Assert.That(slack.Resumptions, Is.Empty, "the tool refused the call: nothing to look for, no extra call");
    }

    [Test]
    public async Task Retry_AfterTheCallTimeout_LooksInTheToolAndTheConfirmClearsIt()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var attempts = 0;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, _, token) => Interlocked.Increment(ref attempts) == 1 ? Task.Delay(Timeout.Infinite, token) : Task.CompletedTask,
        };
        await using var engine = Start(cluster.Connect(), [slack], clock);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => Volatile.Read(ref attempts) == 1, "the first attempt hangs");

        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the call timed out and the retry delivered the step", clock, TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => cluster.PluginData(id, "slack").ContainsKey("tp_created"), "confirmed", clock, TimeSpan.FromMilliseconds(100));

        Assert.That(slack.Resumptions.Single().Resumed.Step, Is.EqualTo("created"));
        Assert.That(cluster.PluginData(id, "slack").ContainsKey("tp_resumed"), Is.False, "the confirm ends the looking: the next step does not look");
        cluster.Review(id, "bob", AccessRequestState.Approved);
        await WaitUntilAsync(() => slack.StepsOf(id).Count >= 2, "the review was delivered", clock, TimeSpan.FromMilliseconds(100));
        await WaitIdleAsync(engine);
        Assert.That(slack.StepsOf(id), Does.Contain("review:0"));
        Assert.That(slack.Resumptions, Has.Count.EqualTo(1), "later steps do not look");
    }

    private static async Task<(RecordingAdapter Slack, string Id, DateTimeOffset FirstClaim)> FailOnceThenDeliverAsync(Exception error)
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var attempts = 0;
        var firstClaim = DateTimeOffset.MinValue;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, _, _) =>
            {
                if (Interlocked.Increment(ref attempts) > 1)
                {
                    return Task.CompletedTask;
                }

                firstClaim = clock.GetUtcNow();
                throw error;
            },
        };
        await using var engine = Start(cluster.Connect(), [slack], clock);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => cluster.PluginData(id, "slack").ContainsKey("tp_created"), "the retried step is confirmed", clock, TimeSpan.FromMilliseconds(100));
        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(2));
        return (slack, id, firstClaim);
    }
}
