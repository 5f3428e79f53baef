using System.Net.Http.Headers;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.Demo;

/// <summary>
/// The demo's one-click approval: the Slack adapter posts a pending request with Approve and Deny buttons to a fake
/// Slack, a reviewer bound to a Teleport user by the trait <c>slack_uid</c> clicks Approve, and the click reaches the
/// host exactly as Slack sends it (a signed interactivity delivery). Teleport records the review as that user.
/// </summary>
internal sealed class SlackClickPath(SlackApiFake slack, int httpPort)
{
    public const string Channel = "access-requests";
    private const string ChannelId = "C0ACCESS";
    private const string ReviewerSlackId = "U0BOB";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>The host's HTTP listener port, where the click is delivered.</summary>
    public int HttpPort => httpPort;

    /// <summary>Creates the fake Slack's channel and the reviewer's Teleport user.</summary>
    /// <param name="cluster">The simulated cluster.</param>
    public void Prepare(SimulatorServer cluster)
    {
        slack.AddChannel(Channel, ChannelId);
        slack.AddUser("bob@example.com", ReviewerSlackId);
        cluster.AddUser(new SimulatedUser(
            "bob@example.com",
            [SimulatorRoles.Reviewer],
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["slack_uid"] = [ReviewerSlackId] }));
    }

    /// <summary>The <c>[slack]</c> section: post to the channel, accept clicks over signed HTTP.</summary>
    public string ConfigSection() => $$"""

        [slack]
        token = "{{slack.Token}}"
        api_url = "{{slack.ApiUrl}}"
        recipients = ["{{Channel}}"]

        [slack.review]
        enabled = true
        mode = "http"
        signing_secret = "{{slack.SigningSecret}}"
        """;

    /// <summary>Creates a request, waits for its message with buttons, clicks Approve as the reviewer and shows the outcome.</summary>
    public async Task PlayAsync(SimulatorServer cluster, JournalTail tail, TextWriter output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = cluster.CreateRequest(new NewAccessRequest { User = "frank@example.com", Roles = ["db-readonly"], Reason = "INC-4712: check the replica's lag" });
        DemoRun.Say(output, "cluster", $"frank@example.com asks for db-readonly: request {request.Id}");
        var message = await UntilAsync(() => slack.RootMessages.FirstOrDefault(m => m.Channel == ChannelId && (m.Text + m.BlocksText).Contains(request.Id, StringComparison.Ordinal) && m.Buttons is { Count: > 0 }), timeout, cancellationToken);
        DemoRun.Say(output, "slack", $"#{Channel}: request {request.Id} with buttons [{string.Join("] [", message.Buttons!.Select(b => b.Label))}]");

        var approve = message.Buttons!.Single(b => b.ActionId == "approve_button");
        var (body, headers) = slack.Sign(slack.BlockActions(ReviewerSlackId, approve.ActionId, approve.Value, ChannelId), DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var click = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{httpPort}/adapters/slack/interactivity")) { Content = content };
        foreach (var (name, value) in headers)
        {
            click.Headers.TryAddWithoutValidation(name, value);
        }

        using var answer = await http.SendAsync(click, cancellationToken);
        DemoRun.Say(output, "slack", $"{ReviewerSlackId} (bound to bob@example.com by the trait slack_uid) clicks Approve; the host answers {(int)answer.StatusCode}");
        var ephemeral = await UntilAsync(() => slack.Ephemerals.FirstOrDefault(e => e.User == ReviewerSlackId), timeout, cancellationToken);
        DemoRun.Say(output, "slack", $"only {ReviewerSlackId} sees: {ephemeral.Text}");
        await tail.WaitForAsync(request.Id, "resolved", timeout, cancellationToken);
        var final = await UntilAsync(() => slack.Updates.LastOrDefault(u => u.Ts == message.Ts && (u.Text + u.BlocksText).Contains("APPROVED", StringComparison.Ordinal)), timeout, cancellationToken);
        DemoRun.Say(output, "slack", $"#{Channel}: the message now shows APPROVED, {(final.Buttons is { Count: > 0 } ? "buttons still there" : "without buttons")}");
        var review = cluster.GetAuditEntries().Last(e => e.RequestId == request.Id && e.Reviewer.Length > 0);
        DemoRun.Say(output, "cluster", $"request {request.Id} is {cluster.GetRequest(request.Id)?.State}; Teleport's audit: review by {review.Reviewer}, submitted by {review.SubmittedBy}");
    }

    private static async Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            try
            {
                await Task.Delay(Poll, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Slack did not show the expected message within {timeout.TotalSeconds:0} s");
            }
        }
    }
}
