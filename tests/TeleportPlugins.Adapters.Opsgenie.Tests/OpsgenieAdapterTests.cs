using TeleportPlugins.Fakes;
using System.Text.Json;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

public sealed class OpsgenieAdapterTests
{
    private OpsgenieTestBed _bed = null!;

    [SetUp]
    public async Task SetUpAsync() => _bed = await OpsgenieTestBed.StartAsync();

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task CheckHealth_ValidKey_PingsHeartbeatAndIsHealthy()
    {
        var health = await _bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        var ping = _bed.Fake.Server.RequestsTo("GET", "/v2/heartbeats/teleport-access-heartbeat/ping").Single();
        Assert.That(ping.Header("Authorization"), Is.EqualTo($"GenieKey {OpsgenieTestBed.ApiKey}"));
    }

    [Test]
    public async Task CheckHealth_BadKey_IsUnhealthyNamingTheCause()
    {
        await using var bed = await OpsgenieTestBed.StartAsync(adapterApiKey: "wrong");

        var health = await bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("HTTP 401").And.Contain("Could not authenticate"));
    }

    [Test]
    public async Task Created_PostsAliasedAlertWithRespondersAndStoresAlertId()
    {
        _bed.Options.Priority = "P2";
        var adapter = _bed.CreateAdapter();
        var request = OpsgenieTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>>
        {
            ["teleport.dev/notify-services"] = ["SRE on call", "3f1c2b4a-9d8e-4f70-a1b2-c3d4e5f60718"],
            ["teleport.dev/teams"] = ["SRE"],
        });
        var state = new AdapterRequestState();

        await _bed.RunAsync(() => adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));

        var post = _bed.Fake.Server.RequestsTo("POST", "/v2/alerts").Single();
        Assert.That(post.Header("Authorization"), Is.EqualTo($"GenieKey {OpsgenieTestBed.ApiKey}"));
        using var body = JsonDocument.Parse(post.Body);
        var root = body.RootElement;
        Assert.That(root.GetProperty("message").GetString(), Is.EqualTo("Access request from alice@example.com"));
        Assert.That(root.GetProperty("alias").GetString(), Is.EqualTo($"teleport-access-request/{request.Id}"));
        Assert.That(root.GetProperty("priority").GetString(), Is.EqualTo("P2"));
        Assert.That(root.GetProperty("description").GetString(), Is.EqualTo(
            "alice@example.com requested permissions for roles editor on Teleport at 21 Nov 26 11:05 UTC.\n"
            + "Reason: Investigate outage\n"
            + $"To approve or deny the request, proceed to https://teleport.example.com/web/requests/{request.Id}\n"));
        Assert.That(root.GetProperty("responders").GetRawText(), Is.EqualTo(
            """[{"type":"schedule","id":"3f1c2b4a-9d8e-4f70-a1b2-c3d4e5f60718"},{"type":"schedule","name":"SRE on call"},{"type":"team","name":"SRE"}]"""));

        var alert = _bed.Fake.Alerts.Single();
        Assert.That(state.Get("alert_id"), Is.EqualTo(alert.Id));
        Assert.That(_bed.Fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_WithoutAnnotations_UsesDefaultSchedulesAndTeams()
    {
        _bed.Options.DefaultSchedules = ["Default rota"];
        _bed.Options.DefaultTeams = ["Platform"];
        var adapter = _bed.CreateAdapter();
        var request = OpsgenieTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>>());

        await _bed.RunAsync(() => adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None));

        Assert.That(_bed.Fake.Alerts.Single().Responders, Is.EqualTo(new (string, string?, string?)[] { ("schedule", null, "Default rota"), ("team", null, "Platform") }));
    }

    [Test]
    public async Task Created_WithoutProxyAddress_DescriptionGivesTshCommands()
    {
        var request = OpsgenieTestBed.Request(withLink: false);

        await _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None));

        Assert.That(_bed.Fake.Alerts.Single().Description, Does.Contain($"tsh request review --approve {request.Id}"));
    }

    [Test]
    public async Task Created_AlertProcessedLater_PollsWithBackoffOnTheClockUntilItHasTheId()
    {
        _bed.Fake.PollsBeforeProcessed = 3;
        var state = new AdapterRequestState();
        var started = _bed.Clock.GetUtcNow();

        await _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(OpsgenieTestBed.Request(), state), CancellationToken.None));

        Assert.That(state.Get("alert_id"), Is.EqualTo(_bed.Fake.Alerts.Single().Id));
        var polls = _bed.Fake.Server.Requests.Count(r => r.Path.StartsWith("/v2/alerts/requests/", StringComparison.Ordinal));
        Assert.That(polls, Is.EqualTo(4));
        Assert.That(_bed.Clock.GetUtcNow() - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)), "it waited between polls");
    }

    [Test]
    public async Task Created_NotProcessedWithinTimeout_IsTransientAndTheRetryPollsTheSameRequest()
    {
        _bed.Options.AlertPollTimeout = TimeSpan.FromSeconds(30);
        var adapter = _bed.CreateAdapter();
        _bed.Fake.PollsBeforeProcessed = 1000;
        var request = OpsgenieTestBed.Request();
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.RunAsync(() => adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None)));
        Assert.That(error!.Message, Does.Contain("has not processed"));
        Assert.That(state.Get("alert_request_id"), Is.Not.Null);

        _bed.Fake.ProcessPending();
        await _bed.RunAsync(() => adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));

        Assert.That(_bed.Fake.Server.RequestsTo("POST", "/v2/alerts"), Has.Count.EqualTo(1), "the retry did not create again");
        Assert.That(state.Get("alert_id"), Is.EqualTo(_bed.Fake.Alerts.Single().Id));
    }

    [Test]
    public void Created_OpsgenieRefusesTheAlert_FailsPermanentlyAndForgetsTheRequest()
    {
        _bed.Fake.FailCreationsWith = "Responder does not exist";
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(OpsgenieTestBed.Request(), state), CancellationToken.None)));

        Assert.That(error!.Message, Does.Contain("Responder does not exist"));
        Assert.That(state.Keys, Is.Empty);
    }

    [Test]
    public async Task Created_TwiceByTwoReplicas_OneAlertBothStatesPointAtIt()
    {
        var request = OpsgenieTestBed.Request();
        var first = new AdapterRequestState();
        var second = new AdapterRequestState();

        await _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, first), CancellationToken.None));
        await _bed.RunAsync(() => _bed.CreateAdapter().OnRequestCreatedAsync(new RequestCreatedContext(request, second), CancellationToken.None));

        var alert = _bed.Fake.Alerts.Single();
        Assert.That(alert.Count, Is.EqualTo(2), "the second creation was de-duplicated by alias");
        Assert.That(first.Get("alert_id"), Is.EqualTo(alert.Id));
        Assert.That(second.Get("alert_id"), Is.EqualTo(alert.Id));
    }

    [Test]
    public async Task Created_RateLimitedThenRetried_ThrowsTransientWithPeriodThenCreatesOneAlert()
    {
        _bed.Fake.Server.FailNext("POST", "/v2/alerts", FakeResponse.Error(429, """{"message":"You are making too many requests!","took":0.0,"requestId":"r1"}""", ("X-RateLimit-Period-In-Sec", "60"), ("X-RateLimit-State", "THROTTLED")));
        var request = OpsgenieTestBed.Request();
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None)));
        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));

        await _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));

        Assert.That(_bed.Fake.Alerts, Has.Count.EqualTo(1));
        Assert.That(_bed.Fake.Alerts[0].Count, Is.EqualTo(1));
    }

    [Test]
    public async Task ReviewAdded_PostsNoteByIdEndingInTheReviewsMarker()
    {
        var (request, state) = await CreatedAsync();
        var review = new AccessReview("bob@example.com", AccessRequestState.Denied, "Not now", new DateTimeOffset(2026, 11, 21, 11, 20, 0, TimeSpan.Zero));

        await _bed.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0), CancellationToken.None);

        var alert = _bed.Fake.Alerts.Single();
        var post = _bed.Fake.Server.RequestsTo("POST", $"/v2/alerts/{alert.Id}/notes").Single();
        Assert.That(post.Query, Is.EqualTo("?identifierType=id"));
        Assert.That(post.Header("Authorization"), Is.EqualTo($"GenieKey {OpsgenieTestBed.ApiKey}"));
        Assert.That(alert.Notes, Is.EqualTo(new[] { $"bob@example.com reviewed the request at 21 Nov 26 11:20 UTC.\nResolution: DENIED.\nReason: Not now.\n[teleport-access-request/{request.Id} review:0]" }));
        Assert.That(alert.Status, Is.EqualTo("open"));
    }

    [Test]
    public async Task Reminder_Pending_PostsNoteByIdEndingInTheRemindersMarker()
    {
        var (request, state) = await CreatedAsync();

        await ((IReminderSender)_bed.Adapter).OnReminderAsync(new RequestReminderContext(request, state, 1, []), CancellationToken.None);

        var alert = _bed.Fake.Alerts.Single();
        var post = _bed.Fake.Server.RequestsTo("POST", $"/v2/alerts/{alert.Id}/notes").Single();
        Assert.That(post.Query, Is.EqualTo("?identifierType=id"));
        Assert.That(alert.Notes, Is.EqualTo(new[] { $"Reminder 1: request {request.Id} is still waiting for a review.\n[teleport-access-request/{request.Id} reminder:1]" }));
    }

    [Test]
    public async Task ReviewAdded_AlertDomainOverItsLimit_ThrowsTransientWithThePeriodThenPostsTheNoteOnce()
    {
        // The creation and its status poll use up the Alert domain's two calls of this minute.
        var limit = _bed.Fake.LimitRequestDomains(_bed.Clock, permits: 2, TimeSpan.FromMinutes(1));
        var (request, state) = await CreatedAsync();
        var review = new AccessReview("bob@example.com", AccessRequestState.Approved, "ok", new DateTimeOffset(2026, 11, 21, 11, 20, 0, TimeSpan.Zero));
        var context = new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0);

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnReviewAddedAsync(context, CancellationToken.None));
        var notesAfterRefusal = _bed.Fake.Alerts.Single().Notes.Count;
        _bed.Clock.Advance(error!.RetryAfter!.Value);
        await _bed.Adapter.OnReviewAddedAsync(context, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)), "X-RateLimit-Period-In-Sec");
            Assert.That(limit.Refusals, Is.EqualTo(1));
            Assert.That(notesAfterRefusal, Is.Zero, "the refused call added nothing");
            Assert.That(_bed.Fake.Alerts.Single().Notes, Has.Count.EqualTo(1), "the note, once, after the period");
        }
    }

    [TestCase(AccessRequestState.Approved, "approved")]
    [TestCase(AccessRequestState.Denied, "denied")]
    public async Task Resolved_ClosesAlertWithResolutionNote(AccessRequestState resolution, string tag)
    {
        var (request, state) = await CreatedAsync();

        await _bed.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request with { State = resolution, ResolveReason = "change 7" }, state), CancellationToken.None);

        var alert = _bed.Fake.Alerts.Single();
        Assert.That(alert.Status, Is.EqualTo("closed"));
        Assert.That(alert.Notes, Is.EqualTo(new[] { $"Access request has been {tag}\nReason: change 7" }));
        var close = _bed.Fake.Server.RequestsTo("POST", $"/v2/alerts/{alert.Id}/close").Single();
        Assert.That(close.Query, Is.EqualTo("?identifierType=id"));
        using var body = JsonDocument.Parse(close.Body);
        Assert.That(body.RootElement.GetProperty("source").GetString(), Is.EqualTo("Teleport"));
    }

    [Test]
    public async Task Expired_ClosesAlertWithExpiredNote()
    {
        var (request, state) = await CreatedAsync();

        await _bed.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(new AccessRequestSnapshot { Id = request.Id, Cluster = request.Cluster, User = string.Empty }, state), CancellationToken.None);

        var alert = _bed.Fake.Alerts.Single();
        Assert.That(alert.Status, Is.EqualTo("closed"));
        Assert.That(alert.Notes, Is.EqualTo(new[] { "Access request has been expired" }));
    }

    [Test]
    public async Task Steps_WithoutAlert_CallNothingAndLogWhy()
    {
        var request = OpsgenieTestBed.Request();
        var state = new AdapterRequestState();

        await _bed.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request with { State = AccessRequestState.Approved }, state), CancellationToken.None);

        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
        Assert.That(_bed.Context.Logs.Lines.Single().Message, Does.Contain(request.Id).And.Contain("no Opsgenie alert"));
    }

    [Test]
    public async Task Created_RoutedSchedules_RespondersAreThemAndTheAnnotatedTeams()
    {
        var request = OpsgenieTestBed.Request();
        var context = new RequestCreatedContext(request, new AdapterRequestState()) { RoutedRecipients = ["DBA rota"] };

        await _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));

        Assert.That(_bed.Fake.Alerts.Single().Responders, Is.EqualTo(new (string, string?, string?)[] { ("schedule", null, "DBA rota"), ("team", null, "SRE") }));
    }

    private async Task<(AccessRequestSnapshot Request, AdapterRequestState State)> CreatedAsync()
    {
        var request = OpsgenieTestBed.Request();
        var state = new AdapterRequestState();
        await _bed.RunAsync(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));
        return (request, state);
    }
}
