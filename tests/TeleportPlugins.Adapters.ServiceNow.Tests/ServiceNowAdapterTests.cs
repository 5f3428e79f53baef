using TeleportPlugins.Fakes;
using System.Text.Json.Nodes;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.ServiceNow;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

public sealed class ServiceNowAdapterTests
{
    private const string IncidentPath = "/api/now/table/incident";

    // What the host passes a step whose earlier attempt was claimed and never confirmed (contract 1.2).
    private static readonly StepResumption Resumed = new("created", new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Created_OpensIncidentWithCallerAssigneeCorrelationAndLink()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AssignmentGroup = "Teleport Approvers");
        var request = ServiceNowTestHarness.Request();
        var state = new AdapterRequestState();

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var incident = h.ServiceNow.Incidents.Single();
        var post = h.ServiceNow.Server.RequestsTo("POST", IncidentPath).Single();
        var body = JsonNode.Parse(post.Body)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(post.Header("Authorization"), Is.EqualTo(h.BasicHeader));
            Assert.That(post.Header("Content-Type"), Does.StartWith("application/json"));
            Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "short_description", "description", "caller_id", "assigned_to", "assignment_group", "correlation_id", "correlation_display" }));
            Assert.That(incident.ShortDescription, Is.EqualTo("Teleport access request from user alice"));
            Assert.That(incident.Description, Is.EqualTo(
                "Teleport user alice submitted access request for roles dba, auditor on Teleport cluster teleport.example.com.\n"
                + "Reason: Investigating incident INC-42\n"
                + $"Request ID: {request.Id}\n"
                + $"Click this link to review the request in Teleport: https://teleport.example.com/web/requests/{request.Id}"));
            Assert.That(incident.CallerId, Is.EqualTo("alice"));
            Assert.That(incident.AssignedTo, Is.EqualTo("bob"));
            Assert.That(incident.AssignmentGroup, Is.EqualTo("Teleport Approvers"));
            Assert.That(incident.CorrelationId, Is.EqualTo($"teleport-access-request/{request.Id}"));
            Assert.That(incident.CorrelationDisplay, Is.EqualTo("Teleport"));
            Assert.That(state.Get("incident_id"), Is.EqualTo(incident.SysId));
            Assert.That(state.Keys, Is.EquivalentTo(new[] { "incident_id" }));
            Assert.That(h.ServiceNow.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Created_WithoutProxyAddressOrReviewersOrGroup_ShowsTshCommandsAndLeavesOptionalFieldsOut()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(proxy: null);
        var request = ServiceNowTestHarness.Request(proxy: null) with { SuggestedReviewers = [] };

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        var body = JsonNode.Parse(h.ServiceNow.Server.RequestsTo("POST", IncidentPath).Single().Body)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(h.ServiceNow.Incidents.Single().Description, Does.Contain($"tsh request review --approve {request.Id}").And.Contain($"tsh request review --deny {request.Id}"));
            Assert.That(body.ContainsKey("assigned_to"), Is.False);
            Assert.That(body.ContainsKey("assignment_group"), Is.False);
        });
    }

    [Test]
    public async Task Created_RoutedRecipient_IsTheAssigneeInsteadOfTheSuggestedReviewer()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AssignmentGroup = "Teleport Approvers");
        var context = new RequestCreatedContext(ServiceNowTestHarness.Request(), new AdapterRequestState()) { RoutedRecipients = ["dba.lead", "carol"] };

        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        var incident = h.ServiceNow.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.AssignedTo, Is.EqualTo("dba.lead"), "the first routed recipient, as Teleport's ServiceNow plugin");
            Assert.That(incident.AssignmentGroup, Is.EqualTo("Teleport Approvers"));
        });
    }

    [Test]
    public async Task ReviewAdded_PatchesAWorkNoteWithAuthorResolutionReasonAndMarker()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var review = new AccessReview("bob", AccessRequestState.Approved, "looks fine", new DateTimeOffset(2026, 11, 21, 11, 5, 0, TimeSpan.Zero));

        await h.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0), CancellationToken.None);

        var incident = h.ServiceNow.Incidents.Single();
        var patch = h.ServiceNow.Server.RequestsTo("PATCH", $"{IncidentPath}/{incident.SysId}").Single();
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(patch.Body)!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "work_notes" }));
            Assert.That(patch.Header("Authorization"), Is.EqualTo(h.BasicHeader));
            Assert.That(incident.WorkNotes.Single(), Is.EqualTo($"bob reviewed the request at 21 Nov 26 11:05 UTC.\nResolution: APPROVED.\nReason: looks fine.\n[teleport-access-request/{request.Id} review:0]"));
            Assert.That(incident.IncidentState, Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Reminder_Escalates_PatchesAWorkNoteNamingTheEscalationRecipients()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        await ((IReminderSender)h.Adapter).OnReminderAsync(new RequestReminderContext(request, state, 3, ["Security Operations"]), CancellationToken.None);

        var incident = h.ServiceNow.Incidents.Single();
        var patch = h.ServiceNow.Server.RequestsTo("PATCH", $"{IncidentPath}/{incident.SysId}").Single();
        Assert.That(JsonNode.Parse(patch.Body)!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "work_notes" }));
        var note = incident.WorkNotes.Single();
        Assert.That(note, Does.StartWith($"Reminder 3: request {request.Id} is still waiting for a review.\nEscalated to Security Operations: waiting for a review for "));
        Assert.That(note, Does.EndWith($"\n[teleport-access-request/{request.Id} reminder:3]"));
    }

    [Test]
    public async Task ReviewAdded_UserOverItsHourlyRateLimit_ThrowsTransientWithRetryAfterThenWritesTheNoteOnce()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        h.ServiceNow.LimitPerUser(permitsPerHour: 1, h.Clock);
        var bob = new AccessReview("bob", AccessRequestState.Approved, "looks fine", request.Created);
        var carol = new AccessReview("carol", AccessRequestState.Approved, "agreed", request.Created);
        await h.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [bob] }, state, bob, 0), CancellationToken.None);
        var second = new ReviewAddedContext(request with { Reviews = [bob, carol] }, state, carol, 1);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnReviewAddedAsync(second, CancellationToken.None));
        var notesWhileLimited = h.ServiceNow.Incidents.Single().WorkNotes.Count;
        h.Clock.Advance(failure!.RetryAfter!.Value);
        await h.Adapter.OnReviewAddedAsync(second, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)), "the Retry-After ServiceNow answered");
            Assert.That(failure.Message, Does.Contain("429").And.Contain("Rate limit exceeded"));
            Assert.That(notesWhileLimited, Is.EqualTo(1), "work notes written by the limited call");
            Assert.That(h.ServiceNow.Server.RateLimited, Is.EqualTo(1), "calls limited");
            Assert.That(h.ServiceNow.Incidents.Single().WorkNotes.Select(n => n.Split(' ')[0]), Is.EqualTo(new[] { "bob", "carol" }));
        });
    }

    [TestCase(AccessRequestState.Approved, "6", "approved")]
    [TestCase(AccessRequestState.Denied, "7", "denied")]
    [TestCase(AccessRequestState.Promoted, "6", "promoted")]
    public async Task Resolved_SetsCloseCodeStateAndNotes(AccessRequestState resolution, string incidentState, string tag)
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.CloseCode = "Resolved by caller");
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        await h.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(ServiceNowTestHarness.Resolved(request, resolution, "ok by policy"), state), CancellationToken.None);

        var incident = h.ServiceNow.Incidents.Single();
        var patch = h.ServiceNow.Server.RequestsTo("PATCH", $"{IncidentPath}/{incident.SysId}").Single();
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(patch.Body)!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "close_code", "close_notes", "incident_state" }));
            Assert.That(incident.IncidentState, Is.EqualTo(incidentState));
            Assert.That(incident.CloseCode, Is.EqualTo("Resolved by caller"));
            Assert.That(incident.CloseNotes, Is.EqualTo($"Access request has been {tag}\nReason: ok by policy"));
        });
    }

    [Test]
    public async Task Resolved_ConfiguredDeniedState_IsUsed()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.DeniedState = "6");
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        await h.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(ServiceNowTestHarness.Resolved(request, AccessRequestState.Denied), state), CancellationToken.None);

        Assert.That(h.ServiceNow.Incidents.Single().IncidentState, Is.EqualTo("6"));
    }

    [Test]
    public async Task Expired_ResolvesWithExpiredStateAndNote_FromStateOnly()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var bare = new AccessRequestSnapshot { Id = request.Id, Cluster = request.Cluster, User = string.Empty };

        await h.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(bare, state), CancellationToken.None);

        var incident = h.ServiceNow.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.IncidentState, Is.EqualTo("6"));
            Assert.That(incident.CloseCode, Is.EqualTo("Solution provided"));
            Assert.That(incident.CloseNotes, Is.EqualTo("Access request has been expired"));
        });
    }

    [Test]
    public async Task Resolved_NoIncidentRecorded_CallsNothingAndLogs()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        var request = ServiceNowTestHarness.Resolved(ServiceNowTestHarness.Request(), AccessRequestState.Approved);

        await h.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request, new AdapterRequestState()), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(h.ServiceNow.Server.Requests, Is.Empty);
            Assert.That(h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains("has no ServiceNow incident"));
        });
    }

    [Test]
    public async Task Created_429ThenSuccess_RetryAfterHonouredAndOneIncident()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        h.ServiceNow.Server.FailNext("POST", IncidentPath, ServiceNowApiFake.Error(429, "Rate limit exceeded", "Too many requests") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "7", ["X-RateLimit-Reset"] = "1795000000" },
        });
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(ServiceNowTestHarness.Request(), state);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(failure.Message, Does.Contain("429").And.Contain("Rate limit exceeded"));
            Assert.That(h.ServiceNow.Incidents, Has.Count.EqualTo(1));
            Assert.That(state.Get("incident_id"), Is.EqualTo(h.ServiceNow.Incidents.Single().SysId));
        });
    }

    [Test]
    public async Task Created_SuccessStatusWithAnHtmlPage_TransientFailureThenOneIncident()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        // A hibernating instance or an SSO page can answer 200 with HTML; retrying once it is gone must work.
        h.ServiceNow.Server.FailNext("POST", IncidentPath, new FakeResponse(200, "<html>Instance hibernating</html>", "text/html"));
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(ServiceNowTestHarness.Request(), state);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("ServiceNow POST table/incident").And.Contain("not the expected JSON"));
            Assert.That(h.ServiceNow.Incidents, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Resolved_DataPolicyRejectsEmptyCloseCode_PermanentFailureNamingThePolicy()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.CloseCode = string.Empty);
        var state = new AdapterRequestState();
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var failure = Assert.ThrowsAsync<PermanentAdapterException>(() =>
            h.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(ServiceNowTestHarness.Resolved(request, AccessRequestState.Approved), state), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("403").And.Contain("Data Policy Exception"));
            Assert.That(h.ServiceNow.Incidents.Single().IncidentState, Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task TwoReplicas_StateAlreadyHoldsTheIncident_SecondCreationMakesNoCall()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        using var otherHost = new AdapterTestContext("servicenow");
        var replica = h.CreateReplica(otherHost);
        var request = ServiceNowTestHarness.Request();
        var first = new AdapterRequestState();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, first), CancellationToken.None);
        var callsAfterFirst = h.ServiceNow.Server.Requests.Count;

        // The host hands the other replica the state the first one persisted (e.g. the first crashed before confirming).
        var persisted = new AdapterRequestState(first.ToDictionary());
        await replica.OnRequestCreatedAsync(new RequestCreatedContext(request, persisted), CancellationToken.None);
        var review = new AccessReview("bob", AccessRequestState.Approved, string.Empty, request.Created);
        var callsBeforeReview = h.ServiceNow.Server.Requests.Count;
        await replica.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, persisted, review, 0), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(callsBeforeReview, Is.EqualTo(callsAfterFirst), "the second creation made no call");
            Assert.That(h.ServiceNow.Incidents, Has.Count.EqualTo(1));
            Assert.That(h.ServiceNow.Incidents.Single().WorkNotes, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Created_ResumedOnAnotherReplicaAfterTheIncidentWasOpened_FindsItByCorrelationInsteadOfOpeningAnother()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        using var otherHost = new AdapterTestContext("servicenow");
        var replica = h.CreateReplica(otherHost);
        var request = ServiceNowTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        // The first replica stopped before its state write: the next attempt starts from empty state, told it resumes.
        var state = new AdapterRequestState();
        await replica.OnRequestCreatedAsync(new RequestCreatedContext(request, state) { Resumed = Resumed }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(h.ServiceNow.Server.RequestsTo("POST", IncidentPath), Has.Count.EqualTo(1));
            Assert.That(state.Get("incident_id"), Is.EqualTo(h.ServiceNow.Incidents.Single().SysId));
            var lookups = h.ServiceNow.Server.RequestsTo("GET", IncidentPath);
            var lookup = lookups[^1];
            Assert.That(Uri.UnescapeDataString(lookup.Query), Is.EqualTo($"?sysparm_query=correlation_id=teleport-access-request/{request.Id}^ORDERBYsys_created_on^ORDERBYnumber&sysparm_fields=sys_id,number&sysparm_limit=10"));
        });
    }

    [Test]
    public async Task TwoReplicas_ConcurrentResumedCreations_ConvergeOnTheOldestIncidentAndCancelTheDuplicate()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        using var otherHost = new AdapterTestContext("servicenow");
        var replica = h.CreateReplica(otherHost);
        var request = ServiceNowTestHarness.Request();
        var (a, b) = (new AdapterRequestState(), new AdapterRequestState());
        // Both look-ups run before either creation lands, as when a stalled replica and the one resuming its claim race.
        using var barrier = new Barrier(2);
        h.ServiceNow.CreationBarrier = barrier;

        await Task.WhenAll(
            h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, a) { Resumed = Resumed }, CancellationToken.None),
            replica.OnRequestCreatedAsync(new RequestCreatedContext(request, b) { Resumed = Resumed }, CancellationToken.None));

        var incidents = h.ServiceNow.Incidents;
        Assert.Multiple(() =>
        {
            Assert.That(incidents, Has.Count.EqualTo(2), "the Table API has no idempotency key, so both creations land");
            Assert.That(a.Get("incident_id"), Is.EqualTo(incidents[0].SysId));
            Assert.That(b.Get("incident_id"), Is.EqualTo(incidents[0].SysId));
            Assert.That(incidents[0].IncidentState, Is.EqualTo("1"));
            Assert.That(incidents[1].IncidentState, Is.EqualTo("8"), "the younger duplicate is cancelled");
            Assert.That(incidents[1].WorkNotes.Single(), Does.StartWith($"Duplicate of {incidents[0].Number}"));
            Assert.That(a.Get("duplicate_incident_id") ?? b.Get("duplicate_incident_id"), Is.Null);
        });
    }

    [Test]
    public async Task Created_CancellingTheDuplicateFails_RetryCancelsItWithoutOpeningAnother()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        var request = ServiceNowTestHarness.Request();
        var state = new AdapterRequestState();
        // Another replica's incident already exists but the first look-up misses it (e.g. a read replica lagging).
        await h.CreateReplica(h.Host).OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);
        var winner = h.ServiceNow.Incidents.Single();
        h.ServiceNow.Server.FailNext("GET", IncidentPath, new FakeResponse(200, "{\"result\":[]}"));
        h.ServiceNow.Server.Map("PATCH", p => p.StartsWith(IncidentPath + "/", StringComparison.Ordinal) && h.ServiceNow.Server.Requests.Count(r => r.Method == "PATCH") == 1,
            _ => ServiceNowApiFake.Error(503, "Service Unavailable"));
        var context = new RequestCreatedContext(request, state) { Resumed = Resumed };

        Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        Assert.That(state.Get("duplicate_incident_id"), Is.Not.Null, "the duplicate is recorded before the failing cancel");
        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        var incidents = h.ServiceNow.Incidents;
        Assert.Multiple(() =>
        {
            Assert.That(incidents, Has.Count.EqualTo(2));
            Assert.That(state.Get("incident_id"), Is.EqualTo(winner.SysId));
            Assert.That(state.Get("duplicate_incident_id"), Is.Null);
            Assert.That(incidents[1].IncidentState, Is.EqualTo("8"));
        });
    }
}
