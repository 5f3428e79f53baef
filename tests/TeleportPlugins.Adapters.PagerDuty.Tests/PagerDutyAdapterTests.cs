using TeleportPlugins.Fakes;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.PagerDuty;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

public sealed class PagerDutyAdapterTests
{
    private PagerDutyTestBed _bed = null!;
    private string _serviceId = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await PagerDutyTestBed.StartAsync();
        _serviceId = _bed.Fake.AddService("Teleport Notifications", "PEP0001");
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task CheckHealth_ValidKey_CallsAbilitiesAndIsHealthy()
    {
        var health = await _bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        var call = _bed.Fake.Server.RequestsTo("GET", "/abilities").Single();
        Assert.That(call.Header("Authorization"), Is.EqualTo($"Token token={PagerDutyTestBed.ApiKey}"));
        Assert.That(call.Header("Accept"), Is.EqualTo(PagerDutyApiFake.Accept));
    }

    [Test]
    public async Task CheckHealth_BadKey_IsUnhealthyNamingTheCause()
    {
        await using var bed = await PagerDutyTestBed.StartAsync(adapterApiKey: "wrong-key");

        var health = await bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("HTTP 401").And.Contain("Authentication failed"));
    }

    [Test]
    public async Task Created_WithNotifyAnnotation_OpensIncidentOnNamedServiceAndStoresIds()
    {
        var state = new AdapterRequestState();
        var request = PagerDutyTestBed.Request();

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var post = _bed.Fake.Server.RequestsTo("POST", "/incidents").Single();
        Assert.That(post.Header("Authorization"), Is.EqualTo($"Token token={PagerDutyTestBed.ApiKey}"));
        Assert.That(post.Header("Accept"), Is.EqualTo(PagerDutyApiFake.Accept));
        Assert.That(post.Header("From"), Is.EqualTo(PagerDutyTestBed.BotEmail));
        using var body = JsonDocument.Parse(post.Body);
        var incident = body.RootElement.GetProperty("incident");
        Assert.That(incident.GetProperty("type").GetString(), Is.EqualTo("incident"));
        Assert.That(incident.GetProperty("title").GetString(), Is.EqualTo("Access request from alice@example.com"));
        Assert.That(incident.GetProperty("incident_key").GetString(), Is.EqualTo($"teleport-access-request/{request.Id}"));
        Assert.That(incident.GetProperty("service").GetProperty("id").GetString(), Is.EqualTo(_serviceId));
        Assert.That(incident.GetProperty("service").GetProperty("type").GetString(), Is.EqualTo("service_reference"));
        Assert.That(incident.GetProperty("body").GetProperty("type").GetString(), Is.EqualTo("incident_body"));
        Assert.That(incident.GetProperty("body").GetProperty("details").GetString(), Is.EqualTo(
            "alice@example.com requested permissions for roles editor, dba on Teleport at 21 Nov 26 09:30 UTC.\n"
            + "Reason: Deploy hotfix\n"
            + $"To approve or deny the request, proceed to https://teleport.example.com/web/requests/{request.Id}\n"));

        var created = _bed.Fake.Incidents.Single();
        Assert.That(state.Get("incident_id"), Is.EqualTo(created.Id));
        Assert.That(state.Get("service_id"), Is.EqualTo(_serviceId));
        Assert.That(created.Status, Is.EqualTo("triggered"));
        Assert.That(_bed.Fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_WithoutProxyAddress_DetailsGiveTshCommands()
    {
        var request = PagerDutyTestBed.Request(withLink: false);

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents.Single().Details, Does.Contain($"tsh request review --approve {request.Id}")
            .And.Contain($"tsh request review --deny {request.Id}").And.Not.Contain("https://"));
    }

    [Test]
    public async Task Created_WithoutNotifyAnnotation_IsSkippedWithOneLogLine()
    {
        var request = PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>>());
        var state = new AdapterRequestState();

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        await _bed.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request with { State = AccessRequestState.Approved }, state), CancellationToken.None);

        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
        Assert.That(state.Keys, Is.Empty);
        var lines = _bed.Context.Logs.Lines.Where(l => l.Level >= LogLevel.Information).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Message, Does.Contain(request.Id).And.Contain("pagerduty_notify_service"));
    }

    [Test]
    public async Task Created_CustomAnnotationKey_IsUsed()
    {
        _bed.Options.RequestAnnotations.NotifyService = "pd_service";
        var adapter = _bed.CreateAdapter();
        var request = PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["pd_service"] = ["teleport notifications"] });

        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents.Single().ServiceId, Is.EqualTo(_serviceId));
    }

    [Test]
    public async Task Created_ServiceOnThirdPage_FollowsPagination()
    {
        _bed.Fake.PageSize = 2;
        for (var i = 0; i < 4; i++)
        {
            // Names the query also matches, so the exact one comes last.
            _bed.Fake.AddService($"Teleport Notifications Last {i}", "PEP0009");
        }

        var lastId = _bed.Fake.AddService("Teleport Notifications Last", "PEP0009");
        var request = PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["pagerduty_notify_service"] = ["Teleport Notifications Last"] });

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents.Single().ServiceId, Is.EqualTo(lastId));
        Assert.That(_bed.Fake.Server.RequestsTo("GET", "/services").Select(r => r.Query), Has.Some.Contains("offset=4"));
    }

    [Test]
    public async Task Created_UnknownService_FailsPermanentlyNamingIt()
    {
        var request = PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["pagerduty_notify_service"] = ["No Such Service"] });

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("No Such Service"));
        Assert.That(_bed.Fake.Incidents, Is.Empty);
    }

    [Test]
    public async Task Created_TwiceByTwoReplicas_OneIncidentBothStatesPointAtIt()
    {
        var request = PagerDutyTestBed.Request();
        var first = new AdapterRequestState();
        var second = new AdapterRequestState();

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, first), CancellationToken.None);
        await _bed.CreateAdapter().OnRequestCreatedAsync(new RequestCreatedContext(request, second), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1));
        Assert.That(_bed.Fake.Server.RequestsTo("POST", "/incidents").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("incident").GetProperty("incident_key").GetString()),
            Is.All.EqualTo($"teleport-access-request/{request.Id}"));
        Assert.That(second.Get("incident_id"), Is.EqualTo(first.Get("incident_id")));
    }

    [Test]
    public async Task Created_RateLimitedThenRetried_ThrowsTransientWithResetThenOpensOneIncident()
    {
        _bed.Fake.Server.FailNext("POST", "/incidents", FakeResponse.Error(429, """{"error":{"message":"Rate Limit Exceeded","code":2020}}""", ("ratelimit-reset", "7")));
        var request = PagerDutyTestBed.Request();
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));
        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(error.Message, Does.Contain("Rate Limit Exceeded"));

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1));
        Assert.That(state.Get("incident_id"), Is.EqualTo(_bed.Fake.Incidents[0].Id));
    }

    [Test]
    public async Task Created_ApiKeyOverPagerDutysRateLimit_ThrowsTransientWithTheResetThenOpensOneIncidentOnceItPasses()
    {
        var clock = new FakeTimeProvider();
        // The start-up check and the service look-up pass; the create is the third call within PagerDuty's minute.
        _bed.Fake.LimitPerApiKey(permits: 2, TimeSpan.FromMinutes(1), clock);
        var request = PagerDutyTestBed.Request();
        var state = new AdapterRequestState();
        await _bed.Adapter.CheckHealthAsync(CancellationToken.None);

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));
        var limited = _bed.Fake.Incidents.Count;
        clock.Advance(error!.RetryAfter!.Value);
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)), "the ratelimit-reset PagerDuty answered");
            Assert.That(error.Message, Does.Contain("Rate Limit Exceeded"));
            Assert.That(limited, Is.Zero, "incidents opened by the limited call");
            Assert.That(_bed.Fake.Server.RateLimited, Is.EqualTo(1), "calls limited");
            Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1));
            Assert.That(state.Get("incident_id"), Is.EqualTo(_bed.Fake.Incidents[0].Id));
        }
    }

    [Test]
    public void Created_ServerError_IsTransient()
    {
        _bed.Fake.Server.FailNext("GET", "/services", FakeResponse.Error(503, """{"error":{"message":"Service Unavailable","code":5000}}"""));

        Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(PagerDutyTestBed.Request(), new AdapterRequestState()), CancellationToken.None));

        Assert.That(_bed.Fake.Incidents, Is.Empty);
    }

    [Test]
    public async Task Created_AfterSuccess_RetryDoesNotCallPagerDutyAgain()
    {
        var request = PagerDutyTestBed.Request();
        var state = new AdapterRequestState();
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var calls = _bed.Fake.Server.Requests.Count;

        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        Assert.That(_bed.Fake.Server.Requests, Has.Count.EqualTo(calls));
    }

    [Test]
    public async Task ReviewAdded_PostsNoteWithFromAndReviewText()
    {
        var (request, state) = await CreatedAsync();
        var review = new AccessReview("bob", AccessRequestState.Approved, "Looks fine", new DateTimeOffset(2026, 11, 21, 9, 45, 0, TimeSpan.Zero));

        await _bed.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        var post = _bed.Fake.Server.RequestsTo("POST", $"/incidents/{incident.Id}/notes").Single();
        Assert.That(post.Header("From"), Is.EqualTo(PagerDutyTestBed.BotEmail));
        Assert.That(post.Header("Authorization"), Is.EqualTo($"Token token={PagerDutyTestBed.ApiKey}"));
        Assert.That(incident.Notes, Is.EqualTo(new[] { $"bob reviewed the request at 21 Nov 26 09:45 UTC.\nResolution: APPROVED.\nReason: Looks fine.\n[teleport-access-request/{request.Id} review:0]" }));
        Assert.That(incident.Status, Is.EqualTo("triggered"));
    }

    [Test]
    public async Task Reminder_Escalates_PostsNoteNamingTheEscalationRecipientsWithItsMarker()
    {
        var (request, state) = await CreatedAsync();

        await ((IReminderSender)_bed.Adapter).OnReminderAsync(new RequestReminderContext(request, state, 3, ["Security leads"]), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        var post = _bed.Fake.Server.RequestsTo("POST", $"/incidents/{incident.Id}/notes").Single();
        Assert.That(post.Header("From"), Is.EqualTo(PagerDutyTestBed.BotEmail));
        var note = incident.Notes.Single();
        Assert.That(note, Does.StartWith($"Reminder 3: request {request.Id} is still waiting for a review.\nEscalated to Security leads: waiting for a review for "));
        Assert.That(note, Does.EndWith($"\n[teleport-access-request/{request.Id} reminder:3]"));
    }

    [TestCase(AccessRequestState.Approved, "approved")]
    [TestCase(AccessRequestState.Denied, "denied")]
    [TestCase(AccessRequestState.Promoted, "promoted")]
    public async Task Resolved_AddsResolutionNoteThenResolvesIncident(AccessRequestState resolution, string tag)
    {
        var (request, state) = await CreatedAsync();

        await _bed.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request with { State = resolution, ResolveReason = "ticket 42" }, state), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.Notes, Is.EqualTo(new[] { $"Access request has been {tag}\nReason: ticket 42\n[teleport-access-request/{request.Id} resolution]" }));
        Assert.That(incident.Status, Is.EqualTo("resolved"));
        var writes = _bed.Fake.Writes.Skip(1).Select(w => $"{w.Method} {w.Path}").ToList();
        Assert.That(writes, Is.EqualTo(new[] { $"POST /incidents/{incident.Id}/notes", $"PUT /incidents/{incident.Id}" }));
        using var put = JsonDocument.Parse(_bed.Fake.Writes[^1].Body);
        Assert.That(put.RootElement.GetProperty("incident").GetProperty("type").GetString(), Is.EqualTo("incident_reference"));
        Assert.That(put.RootElement.GetProperty("incident").GetProperty("status").GetString(), Is.EqualTo("resolved"));
    }

    [Test]
    public async Task Expired_WithOnlyIdKnown_AddsExpiredNoteAndResolves()
    {
        var (request, state) = await CreatedAsync();
        var bare = new AccessRequestSnapshot { Id = request.Id, Cluster = request.Cluster, User = string.Empty };

        await _bed.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(bare, state), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.Notes, Is.EqualTo(new[] { $"Access request has been expired\n[teleport-access-request/{request.Id} resolution]" }));
        Assert.That(incident.Status, Is.EqualTo("resolved"));
    }

    [Test]
    public async Task Resolved_RetryAfterResolveFailed_DoesNotPostTheNoteTwice()
    {
        var (request, state) = await CreatedAsync();
        var incidentId = state.Get("incident_id")!;
        _bed.Fake.Server.FailNext("PUT", $"/incidents/{incidentId}", FakeResponse.Error(500, """{"error":{"message":"Internal Error","code":5000}}"""));
        var context = new RequestResolvedContext(request with { State = AccessRequestState.Denied }, state);

        Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnRequestResolvedAsync(context, CancellationToken.None));
        await _bed.Adapter.OnRequestResolvedAsync(context, CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.Notes, Has.Count.EqualTo(1));
        Assert.That(incident.Status, Is.EqualTo("resolved"));
    }

    [Test]
    public void ReviewAdded_IncidentGoneInPagerDuty_FailsPermanently()
    {
        var request = PagerDutyTestBed.Request();
        var state = new AdapterRequestState([new("incident_id", "PNOPE")]);
        var review = new AccessReview("bob", AccessRequestState.Denied, string.Empty, DateTimeOffset.UnixEpoch);

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => _bed.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("HTTP 404"));
    }

    [Test]
    public async Task Steps_FromAnchorPluginData_UpdateTheExistingIncident()
    {
        // A team migrating from Teleport's plugin: the incident exists and plugin data holds its id.
        var (request, _) = await CreatedAsync();
        var migrated = new AdapterRequestState([new("incident_id", _bed.Fake.Incidents[0].Id), new("service_id", _serviceId), new("reviews_count", "0")]);

        await _bed.CreateAdapter().OnRequestCreatedAsync(new RequestCreatedContext(request, migrated), CancellationToken.None);
        await _bed.CreateAdapter().OnRequestResolvedAsync(new RequestResolvedContext(request with { State = AccessRequestState.Approved }, migrated), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1));
        Assert.That(_bed.Fake.Incidents[0].Status, Is.EqualTo("resolved"));
    }

    private async Task<(AccessRequestSnapshot Request, AdapterRequestState State)> CreatedAsync()
    {
        var request = PagerDutyTestBed.Request();
        var state = new AdapterRequestState();
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        return (request, state);
    }
}
