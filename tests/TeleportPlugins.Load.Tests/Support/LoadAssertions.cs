using System.Net;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Tests.Support;

/// <summary>What every fake, counted, must show after its real adapter ran load requests through it.</summary>
internal static class LoadAssertions
{
    /// <summary>
    /// Every event of every request arrived, each request got one root object and each review one reply, and the fake
    /// neither missed a route nor refused a call.
    /// </summary>
    /// <param name="log">The run's log.</param>
    /// <param name="tool">The tool.</param>
    /// <param name="requests">How many requests ran.</param>
    public static void EveryEventArrivedOnce(ArrivalLog log, ILoadTool tool, int requests)
    {
        var index = log.IndexOf(tool.Adapter);
        Assert.Multiple(() =>
        {
            for (var request = 0; request < requests; request++)
            {
                foreach (var requestEvent in Enum.GetValues<RequestEvent>())
                {
                    Assert.That(log.FirstArrival(index, requestEvent, request), Is.Not.Zero, $"{requestEvent} of request {request} arrived");
                }

                Assert.That(log.Roots(index, request), Is.EqualTo(1), $"root objects of request {request}");
                Assert.That(log.Replies(index, RequestEvent.FirstReview, request), Is.EqualTo(1), $"replies to the first review of request {request}");
                Assert.That(log.Replies(index, RequestEvent.SecondReview, request), Is.EqualTo(1), $"replies to the second review of request {request}");
            }

            Assert.That(tool.Server.UnmatchedCount, Is.Zero, "calls no route claimed");
            Assert.That(tool.Server.Refused, Is.Zero, "calls the fake refused");
        });
    }

    /// <summary>
    /// Faults were injected, the adapter received each one (and tried that step again), and only the calls it received
    /// a success for were counted.
    /// </summary>
    /// <param name="log">The run's log.</param>
    /// <param name="tool">The tool.</param>
    /// <param name="run">The adapter's run.</param>
    public static void FaultsAnsweredAndNotCounted(ArrivalLog log, ILoadTool tool, AdapterLoadRun run)
    {
        var server = tool.Server;
        TestContext.Out.WriteLine($"{tool.Adapter}: {server.ServerErrors} × 503, {server.RateLimited} × 429, {run.Answers.Succeeded} successes");
        Assert.Multiple(() =>
        {
            Assert.That(server.ServerErrors + server.RateLimited, Is.Positive, "faults injected");
            Assert.That(run.Answers.ServerErrors, Is.EqualTo(server.ServerErrors), "503s the adapter received");
            Assert.That(run.Answers.RateLimited, Is.EqualTo(server.RateLimited), "429s the adapter received");
            Assert.That(run.FailedAttempts, Is.EqualTo(server.ServerErrors + server.RateLimited), "one failed step attempt per fault");
            Assert.That(log.Calls(log.IndexOf(tool.Adapter)), Is.EqualTo(run.Answers.Succeeded), "calls counted: only the successes");
        });
    }

    /// <summary>Sends one call the tool must refuse, and checks that it did with <paramref name="expected"/> and counted it.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="expected">The status the real API refuses with (Slack: 200).</param>
    /// <param name="method">The method.</param>
    /// <param name="uri">The address.</param>
    /// <param name="content">The body, or null.</param>
    /// <param name="headers">Request headers.</param>
    /// <returns>The refusal's body and media type, for the caller to check its shape.</returns>
    public static async Task<(string Body, string? MediaType)> RefusedAsync(ILoadTool tool, HttpStatusCode expected, HttpMethod method, Uri uri, HttpContent? content, params (string Name, string Value)[] headers)
    {
        var (status, body, mediaType) = await Wire.SendAsync(method, uri, content, headers);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(expected), body);
            Assert.That(tool.Server.Refused, Is.EqualTo(1), "the refusal is counted");
        });
        return (body, mediaType);
    }
}
