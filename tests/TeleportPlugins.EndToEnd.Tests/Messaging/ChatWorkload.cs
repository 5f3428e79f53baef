using System.Text.RegularExpressions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>What a request of <see cref="ChatWorkload"/> is meant to end as.</summary>
internal enum ChatOutcome
{
    Approved,
    Denied,
    Expired,
}

/// <summary>One request of the workload: its requester, the reviews submitted and how it ends.</summary>
internal sealed record ChatRequest(int Index, string Id, string User, ChatOutcome Outcome, IReadOnlyList<string> Reviewers)
{
    /// <summary>The status the chat adapters show once the request is over.</summary>
    public string FinalStatus => Outcome switch
    {
        ChatOutcome.Approved => "✅ APPROVED",
        ChatOutcome.Denied => "❌ DENIED",
        _ => "⌛ EXPIRED",
    };
}

/// <summary>
/// The workload every chat adapter's end-to-end test runs against the simulator: 20 requests (approve threshold 2,
/// deny threshold 1) of which 10 are approved by two reviews, 5 denied by one review and 5 reviewed once then left to
/// expire after a few seconds, with the replicas' watch streams dropped twice in the middle.
/// </summary>
internal static partial class ChatWorkload
{
    public const int Count = 20;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    public static IReadOnlyList<ChatRequest> Run(SimulatorServer server)
    {
        var requests = new List<ChatRequest>();
        for (var i = 0; i < Count; i++)
        {
            var outcome = (i % 4) switch
            {
                0 or 1 => ChatOutcome.Approved,
                2 => ChatOutcome.Denied,
                _ => ChatOutcome.Expired,
            };
            var user = $"user{i}@example.com";
            var id = server.CreateRequest(new NewAccessRequest
            {
                User = user,
                Roles = ["db"],
                Reason = $"incident {i}",
                Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
                Ttl = outcome == ChatOutcome.Expired ? TimeSpan.FromSeconds(4) : null,
            }).Id;
            requests.Add(new ChatRequest(i, id, user, outcome, outcome == ChatOutcome.Approved ? ["bob", "carol"] : ["bob"]));
            if (outcome == ChatOutcome.Expired)
            {
                // Reviewed once (one approval of the two needed) before its TTL runs out.
                server.SubmitReview(id, "bob", AccessRequestState.Approved, $"looks fine {i}");
            }

            if (i == Count / 2)
            {
                server.DropWatchStreams();
            }
        }

        foreach (var request in requests.Where(r => r.Outcome != ChatOutcome.Expired))
        {
            server.SubmitReview(request.Id, "bob", request.Outcome == ChatOutcome.Denied ? AccessRequestState.Denied : AccessRequestState.Approved, "bob says so");
        }

        server.DropWatchStreams();
        foreach (var request in requests.Where(r => r.Outcome == ChatOutcome.Approved))
        {
            server.SubmitReview(request.Id, "carol", AccessRequestState.Approved, "carol agrees");
        }

        return requests;
    }

    /// <summary>The status a rendered request message shows (the "Status: …" line), or null.</summary>
    public static string? StatusOf(string text) => StatusLine().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The author of a review reply ("bob reviewed the request at …"), or null.</summary>
    public static string? ReviewAuthorOf(string text) => ReviewLine().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Waits for <paramref name="condition"/>, failing (not hanging) after a generous limit.</summary>
    public static Task WaitAsync(Func<bool> condition, Func<string> state) => Eventually.HoldsAsync(condition, Patience, state);

    /// <summary>Tells how the work was shared between the replicas (the assertions hold whatever the split).</summary>
    public static void ReportShares(params EndToEndCluster.Replica[] replicas) => TestContext.Progress.WriteLine(string.Join(
        ", ",
        replicas.Select(r => $"replica {r.Name} posted {r.Log.Split('\n').Count(l => l.Contains("Posted request", StringComparison.Ordinal))} request messages")));

    /// <summary>Waits until the simulator has approved, denied or expired every request as planned.</summary>
    public static Task WaitForSimulatorAsync(SimulatorServer server, IReadOnlyList<ChatRequest> requests) => WaitAsync(
        () => requests.All(r => Ended(server, r)),
        () => $"{requests.Count(r => !Ended(server, r))} requests not yet in their planned state");

    private static bool Ended(SimulatorServer server, ChatRequest request)
    {
        var current = server.GetRequest(request.Id);
        return request.Outcome switch
        {
            ChatOutcome.Approved => current?.State == AccessRequestState.Approved,
            ChatOutcome.Denied => current?.State == AccessRequestState.Denied,
            _ => current is null,
        };
    }

    [GeneratedRegex(@"Status\*{1,2}: (✅ APPROVED|❌ DENIED|⌛ EXPIRED|⏳ PENDING|PROMOTED)")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\S+) reviewed the request at ")]
    private static partial Regex ReviewLine();
}
