using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>
/// Approve and Deny from Slack over Socket Mode: the adapter opens the WebSocket itself (apps.connections.open with the
/// app-level token), acknowledges every envelope, hands interactive ones to the same handling as the HTTP endpoint, and
/// connects again when Slack asks. The fake's Socket Mode server speaks for Slack; waits are bounded by a token only so a
/// broken adapter fails the test instead of hanging it.
/// </summary>
public sealed class SlackSocketModeTests() : ToolReviewFixture("Slack Socket Mode")
{
    [Test]
    public async Task SocketMode_ClickEnvelope_AckedAtOnceReviewedOnceAndReconnectsOnDisconnect()
    {
        await using var s = await SocketHarness.StartAsync(Teleport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var token = timeout.Token;

        var first = await s.Server.AcceptAsync(token);
        await first.HelloAsync(token);
        var envelope = SlackApiFake.Envelope("env-0001", s.Fake.BlockActions("U0BOB", SlackBlock.ApproveAction, s.RequestId));
        await first.SendAsync(envelope, token);
        var ack = await first.ReceiveAsync(token);
        await first.SendAsync(envelope, token);
        var secondAck = await first.ReceiveAsync(token);
        await first.DisconnectAsync("refresh_requested", token);
        var second = await s.Server.AcceptAsync(token);
        await first.Closed.WaitAsync(token);
        await s.IdleAsync();

        Assert.That((ack, secondAck), Is.EqualTo(("""{"envelope_id":"env-0001"}""", """{"envelope_id":"env-0001"}""")), "every delivery is acknowledged, a retried one too");
        Assert.That(s.Teleport.Submissions, Is.EqualTo(1), "the retried envelope submits nothing");
        Assert.That(s.Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(s.RequestId, "bob@example.com", s.Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        Assert.That(s.Fake.Ephemerals.Single().Text, Does.Contain("was recorded in Teleport as bob@example.com"));
        Assert.That(s.Server.Connections, Is.EqualTo(2));
        Assert.That(second, Is.Not.SameAs(first));
        var opens = s.Fake.Server.RequestsTo("POST", "/api/apps.connections.open");
        Assert.That(opens, Has.Count.EqualTo(2));
        Assert.That(opens.Select(o => o.Header("authorization")), Has.All.EqualTo($"Bearer {s.Fake.AppToken}"));
        Assert.That(s.Routes.Paths, Is.Empty, "socket mode serves no inbound route");
    }

    [Test]
    public async Task SocketMode_DenyThenModalSubmission_DeniesWithTheReason()
    {
        await using var s = await SocketHarness.StartAsync(Teleport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var token = timeout.Token;
        var connection = await s.Server.AcceptAsync(token);
        await connection.HelloAsync(token);

        await connection.SendAsync(SlackApiFake.Envelope("env-deny", s.Fake.BlockActions("U0BOB", SlackBlock.DenyAction, s.RequestId)), token);
        await connection.ReceiveAsync(token);
        await s.IdleAsync();
        var view = s.Fake.OpenedViews.Single();
        await connection.SendAsync(SlackApiFake.Envelope("env-submit", SlackApiFake.ViewSubmission(view, "U0BOB", "change freeze")), token);
        await connection.ReceiveAsync(token);
        await s.IdleAsync();

        Assert.That(s.Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(s.RequestId, "bob@example.com", s.Teleport.HostUser, AccessRequestState.Denied, "change freeze")));
    }

    [Test]
    public async Task SocketMode_AdapterDisposed_ClosesTheConnectionAndDoesNotReconnect()
    {
        var s = await SocketHarness.StartAsync(Teleport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connection = await s.Server.AcceptAsync(timeout.Token);
        await connection.HelloAsync(timeout.Token);

        ((IDisposable)s.H.Adapter).Dispose();
        await connection.Closed.WaitAsync(timeout.Token);

        Assert.That(s.Server.Connections, Is.EqualTo(1));
        Assert.That(s.Fake.Server.RequestsTo("POST", "/api/apps.connections.open"), Has.Count.EqualTo(1));
        await s.DisposeAsync();
    }

    [Test]
    public async Task SocketMode_ConnectionDropped_ReconnectsAfterABackoffDelay()
    {
        await using var s = await SocketHarness.StartAsync(Teleport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var token = timeout.Token;
        var first = await s.Server.AcceptAsync(token);

        first.Abort();
        var reconnected = s.Server.AcceptAsync(token).AsTask();
        while (!reconnected.IsCompleted)
        {
            // The delay runs on the adapter's (fake) clock: move it on until the retry is due.
            s.H.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(reconnected, Task.Delay(20, token));
        }

        Assert.That(await reconnected, Is.Not.SameAs(first));
        Assert.That(s.Server.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task SocketMode_DisconnectLinkDisabled_BacksOffInsteadOfReconnectingAtOnce()
    {
        await using var s = await SocketHarness.StartAsync(Teleport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var token = timeout.Token;
        var first = await s.Server.AcceptAsync(token);
        await first.HelloAsync(token);

        await first.DisconnectAsync("link_disabled", token);
        await first.Closed.WaitAsync(token);
        var logs = s.H.Host.Logs.Lines.Select(l => l.Message).ToList();
        var reconnected = s.Server.AcceptAsync(token).AsTask();
        while (!reconnected.IsCompleted)
        {
            s.H.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(reconnected, Task.Delay(20, token));
        }

        Assert.That(logs, Has.Some.Contains("turned off in the Slack app's settings"));
        Assert.That(logs, Has.None.Contains("connecting again"));
        Assert.That(await reconnected, Is.Not.SameAs(first), "it keeps trying, on the backoff's clock");
    }

    [Test]
    public void NextDelay_DecorrelatedJitter_BetweenOneSecondAndThreeTimesTheLastCappedAtThirty()
    {
        var delays = Enumerable.Range(0, 200).Select(_ => SlackSocketModeClient.NextDelay(TimeSpan.FromSeconds(4))).ToList();

        Assert.That(delays, Has.All.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(12)));
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(1), "jittered");
        Assert.That(SlackSocketModeClient.NextDelay(TimeSpan.Zero), Is.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)));
        Assert.That(Enumerable.Range(0, 50).Select(_ => SlackSocketModeClient.NextDelay(TimeSpan.FromMinutes(5))), Has.All.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task CheckHealth_WrongAppToken_UnhealthyNamingTheKeyNotTheToken()
    {
        await using var fake = await SlackApiFake.StartAsync();
        await fake.StartSocketModeAsync();
        await using var h = await SlackHarness.StartAsync(fake: fake, configure: o => o.Review = new SlackReviewOptions { Enabled = true, Mode = "socket", AppToken = "xapp-1-wrong-secret-42" });
        await using var good = await SocketHarness.StartAsync(Teleport);

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("apps.connections.open failed: invalid_auth").And.Contain("app_token").And.Not.Contain("xapp-1-wrong-secret-42"));
        Assert.That((await good.H.Adapter.CheckHealthAsync(CancellationToken.None)).IsHealthy, Is.True);
    }

    [Test]
    public async Task ConnectionsOpen_BotTokenInsteadOfAppToken_RefusedByTheFakeAsBySlack()
    {
        await using var fake = await SlackApiFake.StartAsync();
        await fake.StartSocketModeAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.ApiUrl, "apps.connections.open"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fake.Token);

        using var response = await http.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("not_allowed_token_type"));
    }

    /// <summary>A Slack adapter with review in socket mode, its routes mapped (which starts the connection).</summary>
    private sealed class SocketHarness : IAsyncDisposable
    {
        private SocketHarness(SlackHarness harness, SlackSocketModeServer server, RecordingRouteRegistry routes, SimulatedTeleportReviews teleport, string requestId)
        {
            H = harness;
            Server = server;
            Routes = routes;
            Teleport = teleport;
            RequestId = requestId;
        }

        public SlackHarness H { get; }

        public SlackSocketModeServer Server { get; }

        public RecordingRouteRegistry Routes { get; }

        public SlackApiFake Fake => H.Fake;

        public SimulatedTeleportReviews Teleport { get; }

        public string RequestId { get; }

        public static async Task<SocketHarness> StartAsync(SimulatedTeleportReviews teleport)
        {
            var fake = await SlackApiFake.StartAsync();
            var server = await fake.StartSocketModeAsync();
            var harness = await SlackHarness.StartAsync(
                fake: fake, configure: o => o.Review = new SlackReviewOptions { Enabled = true, Mode = "socket", AppToken = fake.AppToken }, onBehalfReviews: teleport);
            var requestId = teleport.AddPendingRequest("slack_uid", ("alice@example.com", "U0ALICE"), ("bob@example.com", "U0BOB"));
            var routes = new RecordingRouteRegistry();
            ((IInboundRouteProvider)harness.Adapter).MapRoutes(routes);
            return new SocketHarness(harness, server, routes, teleport, requestId);
        }

        public Task IdleAsync() => ((SlackAdapter)H.Adapter).IdleAsync();

        public async ValueTask DisposeAsync() => await H.DisposeAsync();
    }
}
