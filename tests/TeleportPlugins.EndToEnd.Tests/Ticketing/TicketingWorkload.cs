using System.Globalization;
using System.Text.RegularExpressions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.Ticketing;

/// <summary>What the workload did to one request, and what the tool should therefore show.</summary>
/// <param name="Id">The request ID.</param>
/// <param name="Reviewers">The authors of the reviews submitted, in order.</param>
/// <param name="Outcome">Approved, Denied, or None for left to expire.</param>
internal sealed record PlannedRequest(string Id, IReadOnlyList<string> Reviewers, AccessRequestState Outcome);

/// <summary>Shared pieces of the ticketing adapters' end-to-end tests: the cluster, the mixed workload, waits and the HTTP listener.</summary>
internal static partial class TicketingWorkload
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A simulator with one adapter installed from its build output.</summary>
    public static async Task<EndToEndCluster> StartClusterAsync(string adapter)
    {
        var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter(adapter);
        return cluster;
    }

    /// <summary>
    /// 20 requests: 8 approved by two reviews (threshold approve 2), 6 denied by one review, 6 left to expire (3 of
    /// them after one approving review), with the watch streams dropped half way through.
    /// </summary>
    public static IReadOnlyList<PlannedRequest> Run(SimulatorServer server)
    {
        var planned = new List<PlannedRequest>();
        for (var i = 0; i < 20; i++)
        {
            var expires = i >= 14;
            var request = server.CreateRequest(new NewAccessRequest
            {
                User = string.Create(CultureInfo.InvariantCulture, $"user{i}"),
                Roles = ["db-admin"],
                Reason = string.Create(CultureInfo.InvariantCulture, $"ticket {i}"),
                SuggestedReviewers = ["bob"],
                Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
                Ttl = expires ? TimeSpan.FromSeconds(6) : null,
            });
            var (reviewers, outcome) = i switch
            {
                < 8 => (new[] { "bob", "carol" }, AccessRequestState.Approved),
                < 14 => (new[] { "dave" }, AccessRequestState.Denied),
                < 17 => (new[] { "bob" }, AccessRequestState.None),
                _ => (Array.Empty<string>(), AccessRequestState.None),
            };
            planned.Add(new PlannedRequest(request.Id, reviewers, outcome));
            if (i == 10)
            {
                server.DropWatchStreams();
            }
        }

        foreach (var (request, index) in planned.Select((p, i) => (p, i)))
        {
            foreach (var reviewer in request.Reviewers)
            {
                var state = request.Outcome == AccessRequestState.Denied ? AccessRequestState.Denied : AccessRequestState.Approved;
                server.SubmitReview(request.Id, reviewer, state, $"{reviewer} says so");
            }

            if (index == 9)
            {
                server.DropWatchStreams();
            }
        }

        return planned;
    }

    public static Task WaitAsync(Func<bool> condition, TimeSpan? limit = null) => Eventually.HoldsAsync(() => Holds(condition), limit ?? Patience);

    // The fakes' issue objects are changed under the fakes' own lock; a read racing a change is simply retried.
    private static bool Holds(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The replica's HTTP listener, from its log.</summary>
    public static async Task<Uri> ListenerAsync(EndToEndCluster.Replica replica)
    {
        Match match = Match.Empty;
        await WaitAsync(() => (match = ListenerLine().Match(replica.Log)).Success, TimeSpan.FromSeconds(30));
        return new Uri($"http://127.0.0.1:{match.Groups["port"].Value}/");
    }

    /// <summary>POSTs a webhook body to <c>/adapters/{adapter}/{route}</c> of a replica.</summary>
    public static async Task<HttpResponseMessage> PostWebhookAsync(Uri listener, string adapter, string route, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        using var client = new HttpClient { BaseAddress = listener, Timeout = TimeSpan.FromSeconds(60) };
        using var message = new HttpRequestMessage(HttpMethod.Post, $"adapters/{adapter}/{route}") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers.Where(h => !string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(message);
    }

    [GeneratedRegex(@"HTTP listener on http://127\.0\.0\.1:(?<port>[0-9]+)")]
    private static partial Regex ListenerLine();
}
