using System.Text.Json;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Datadog;

namespace TeleportPlugins.Adapters.Datadog.Tests;

public sealed class DatadogAdapterTests
{
    private const string IncidentsPath = "/api/v2/incidents";

    private DatadogTestBed _bed = null!;

    [SetUp]
    public async Task SetUpAsync() => _bed = await DatadogTestBed.StartAsync();

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task CheckHealth_ValidKeys_ValidatesTheApiKeyAndTheIncidentWritePermission()
    {
        var health = await _bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        var validate = _bed.Fake.Server.RequestsTo("GET", "/api/v1/validate").Single();
        var permissions = _bed.Fake.Server.RequestsTo("GET", "/api/v2/permissions").Single();
        Assert.That(validate.Header("DD-API-KEY"), Is.EqualTo(DatadogTestBed.ApiKey));
        Assert.That(permissions.Header("DD-API-KEY"), Is.EqualTo(DatadogTestBed.ApiKey));
        Assert.That(permissions.Header("DD-APPLICATION-KEY"), Is.EqualTo(DatadogTestBed.ApplicationKey));
    }

    [TestCase("wrong-api-key", DatadogTestBed.ApplicationKey, "GET /api/v1/validate failed with HTTP 403 (Forbidden)")]
    [TestCase(DatadogTestBed.ApiKey, "wrong-app-key", "GET /api/v2/permissions failed with HTTP 403 (Forbidden)")]
    public async Task CheckHealth_WrongKey_IsUnhealthyNamingTheCall(string apiKey, string applicationKey, string expected)
    {
        await using var bed = await DatadogTestBed.StartAsync(apiKey, applicationKey);

        var health = await bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain(expected));
    }

    [Test]
    public async Task CheckHealth_IncidentWriteRestricted_IsUnhealthyNamingThePermission()
    {
        _bed.Fake.IncidentWriteRestricted = true;

        var health = await _bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("incident_write"));
    }

    [Test]
    public async Task CheckHealth_DatadogDown_IsUnhealthy()
    {
        _bed.Fake.Server.FailNext("GET", "/api/v1/validate", FakeResponse.Unavailable());

        var health = await _bed.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("HTTP 503"));
    }

    [Test]
    public async Task Created_DeclaresIncidentWithSummaryMarkerSeverityHandlesAndTeams()
    {
        _bed.Options.Severity = "SEV-2";
        var adapter = _bed.CreateAdapter();
        var request = DatadogTestBed.Request(suggestedReviewers: ["bob@example.com", "dave"]);
        var state = new AdapterRequestState();

        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var post = _bed.Fake.Server.RequestsTo("POST", IncidentsPath).Single();
        Assert.That(post.Header("DD-API-KEY"), Is.EqualTo(DatadogTestBed.ApiKey));
        Assert.That(post.Header("DD-APPLICATION-KEY"), Is.EqualTo(DatadogTestBed.ApplicationKey));
        using var body = JsonDocument.Parse(post.Body);
        var data = body.RootElement.GetProperty("data");
        Assert.That(data.GetProperty("type").GetString(), Is.EqualTo("incidents"));
        var attributes = data.GetProperty("attributes");
        Assert.That(attributes.GetProperty("customer_impacted").GetBoolean(), Is.False);
        Assert.That(attributes.GetProperty("fields").GetProperty("state").GetRawText(), Is.EqualTo("""{"type":"dropdown","value":"active"}"""));
        Assert.That(attributes.GetProperty("fields").GetProperty("teams").GetRawText(), Is.EqualTo("""{"type":"multiselect","value":["sre"]}"""));

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(state.Get("incident_id"), Is.EqualTo(incident.Id));
        Assert.That(incident.Title, Is.EqualTo("Access request from alice@example.com"));
        Assert.That(incident.Severity, Is.EqualTo("SEV-2"));
        Assert.That(incident.Summary, Is.EqualTo(
            "alice@example.com requested permissions for roles editor on Teleport at 21 Nov 26 11:05 UTC.\n"
            + "Reason: Investigate outage\n"
            + $"To approve or deny the request, proceed to https://teleport.example.com/web/requests/{request.Id}\n\n"
            + $"[teleport-access-request/{request.Id}]"));
        Assert.That(incident.NotificationHandles, Is.EqualTo(new[] { "@carol@example.com", "@bob@example.com" }), "role recipients, then e-mail-shaped suggested reviewers");
        Assert.That(incident.Teams, Is.EqualTo(new[] { "sre" }));
        Assert.That(_bed.Fake.Server.Requests.Where(r => r.Method == "GET").Select(r => r.Path), Has.None.EqualTo("/api/v2/incidents/search"), "no search unless resumed");
        Assert.That(_bed.Fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_UnresolvableRecipients_SkippedWithAWarningAndTheOthersNotified()
    {
        await using var bed = await DatadogTestBed.StartAsync(recipients: AdapterHarness.Recipients(("*", ["nobody@example.com", "@ghosts", "carol@example.com", "Site Reliability"])));
        var state = new AdapterRequestState();

        await bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(DatadogTestBed.Request(), state), CancellationToken.None);

        var incident = bed.Fake.Incidents.Single();
        Assert.That(incident.NotificationHandles, Is.EqualTo(new[] { "@carol@example.com" }));
        Assert.That(incident.Teams, Is.EqualTo(new[] { "sre" }), "a team named by its display name is sent by handle");
        var warnings = bed.Context.Logs.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings, Has.Some.Contains("nobody@example.com").And.Some.Contains("@ghosts"));
    }

    [Test]
    public async Task Created_SectionRoleToRecipients_PreferredOverTheTopLevelMap()
    {
        _bed.Options.RoleToRecipients = AdapterHarness.Recipients(("editor", ["bob@example.com"]), ("*", ["alice@example.com"]));
        var adapter = _bed.CreateAdapter();

        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(DatadogTestBed.Request(), new AdapterRequestState()), CancellationToken.None);

        Assert.That(_bed.Fake.Incidents.Single().NotificationHandles, Is.EqualTo(new[] { "@bob@example.com" }));
        Assert.That(_bed.Fake.Incidents.Single().Teams, Is.Empty);
    }

    [Test]
    public async Task Created_NoRecipientResolves_StillDeclaresTheIncident()
    {
        await using var bed = await DatadogTestBed.StartAsync(recipients: AdapterHarness.Recipients(("*", ["nobody@example.com"])));

        await bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(DatadogTestBed.Request(), new AdapterRequestState()), CancellationToken.None);

        var post = bed.Fake.Server.RequestsTo("POST", IncidentsPath).Single();
        using var body = JsonDocument.Parse(post.Body);
        Assert.That(body.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("fields").TryGetProperty("teams", out _), Is.False, "no empty teams field");
        Assert.That(bed.Fake.Incidents.Single().NotificationHandles, Is.Empty);
    }

    [Test]
    public async Task Created_AgainWithItsState_DeclaresNothingMore()
    {
        var (request, state) = await CreatedAsync();

        await _bed.CreateAdapter().OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        Assert.That(_bed.Fake.Server.RequestsTo("POST", IncidentsPath), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Created_RateLimited_ThrowsTransientWithTheResetThenDeclaresOnce()
    {
        _bed.Fake.Server.FailNext("POST", IncidentsPath, DatadogApiFake.TooManyRequests("incidents", 60, 60, 17));
        var request = DatadogTestBed.Request();
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None));
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(17)), "X-RateLimit-Reset");
        Assert.That(error.Message, Does.Contain("HTTP 429 (Too many requests)"));
        Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReviewAdded_OverTheIncidentsLimit_ThrowsTransientUntilTheResetThenPostsTheNoteOnce()
    {
        var (request, state) = await CreatedAsync();
        var limit = _bed.Fake.LimitRate(_bed.Clock, permits: 1, TimeSpan.FromSeconds(10));
        var first = new AccessReview("bob@example.com", AccessRequestState.Approved, "ok", new DateTimeOffset(2026, 11, 21, 11, 20, 0, TimeSpan.Zero));
        await _bed.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [first] }, state, first, 0), CancellationToken.None);
        var second = first with { Author = "carol@example.com" };
        var context = new ReviewAddedContext(request with { Reviews = [first, second] }, state, second, 1);

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnReviewAddedAsync(context, CancellationToken.None));
        _bed.Clock.Advance(error!.RetryAfter!.Value);
        await _bed.Adapter.OnReviewAddedAsync(context, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)), "X-RateLimit-Reset");
            Assert.That(limit.Refusals, Is.EqualTo(1));
            Assert.That(_bed.Fake.Incidents.Single().Notes, Has.Count.EqualTo(2), "each review's note once");
        }
    }

    [Test]
    public async Task ReviewAdded_TwoReviews_PostsOneMarkedTimelineNoteEach()
    {
        var (request, state) = await CreatedAsync();
        var first = new AccessReview("bob@example.com", AccessRequestState.Approved, "ok", new DateTimeOffset(2026, 11, 21, 11, 20, 0, TimeSpan.Zero));
        var second = new AccessReview("carol@example.com", AccessRequestState.Denied, "Not now", new DateTimeOffset(2026, 11, 21, 11, 25, 0, TimeSpan.Zero));

        await _bed.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [first] }, state, first, 0), CancellationToken.None);
        await _bed.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [first, second] }, state, second, 1), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        var posts = _bed.Fake.Server.RequestsTo("POST", $"{IncidentsPath}/{incident.Id}/timeline");
        Assert.That(posts, Has.Count.EqualTo(2));
        using var body = JsonDocument.Parse(posts[0].Body);
        Assert.That(body.RootElement.GetProperty("data").GetProperty("type").GetString(), Is.EqualTo("incident_timeline_cells"));
        Assert.That(body.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("cell_type").GetString(), Is.EqualTo("markdown"));
        Assert.That(incident.Notes, Is.EqualTo(new[]
        {
            $"bob@example.com reviewed the request at 21 Nov 26 11:20 UTC.\nResolution: APPROVED.\nReason: ok.\n\n[teleport-access-request/{request.Id} review:0]",
            $"carol@example.com reviewed the request at 21 Nov 26 11:25 UTC.\nResolution: DENIED.\nReason: Not now.\n\n[teleport-access-request/{request.Id} review:1]",
        }));
        Assert.That(incident.State, Is.EqualTo("active"));
    }

    [TestCase(AccessRequestState.Approved, "approved")]
    [TestCase(AccessRequestState.Denied, "denied")]
    [TestCase(AccessRequestState.Promoted, "promoted")]
    public async Task Resolved_PostsTheResolutionNoteAndResolvesTheIncident(AccessRequestState resolution, string tag)
    {
        var (request, state) = await CreatedAsync();

        await _bed.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request with { State = resolution, ResolveReason = "change 7" }, state), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.State, Is.EqualTo("resolved"));
        Assert.That(incident.Notes, Is.EqualTo(new[] { $"Access request has been {tag}\nReason: change 7\n\n[teleport-access-request/{request.Id} resolution]" }));
        var patch = _bed.Fake.Server.RequestsTo("PATCH", $"{IncidentsPath}/{incident.Id}").Single();
        using var body = JsonDocument.Parse(patch.Body);
        Assert.That(body.RootElement.GetProperty("data").GetProperty("id").GetString(), Is.EqualTo(incident.Id));
        Assert.That(body.RootElement.GetProperty("data").GetProperty("attributes").GetRawText(), Is.EqualTo("""{"fields":{"state":{"type":"dropdown","value":"resolved"}}}"""));
    }

    [Test]
    public async Task Expired_PostsTheExpiredNoteAndResolvesTheIncident()
    {
        var (request, state) = await CreatedAsync();

        await _bed.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(request.Bare(), state), CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.State, Is.EqualTo("resolved"));
        Assert.That(incident.Notes.Single(), Does.StartWith("Access request has been expired\n"));
    }

    [Test]
    public async Task Resolved_ResolveFailedOnce_RetryResolvesWithoutASecondNote()
    {
        var (request, state) = await CreatedAsync();
        var incidentId = state.Get("incident_id")!;
        _bed.Fake.Server.FailNext("PATCH", $"{IncidentsPath}/{incidentId}", FakeResponse.Unavailable(502));
        var context = new RequestResolvedContext(request with { State = AccessRequestState.Approved }, state);

        Assert.ThrowsAsync<TransientAdapterException>(() => _bed.Adapter.OnRequestResolvedAsync(context, CancellationToken.None));
        await _bed.Adapter.OnRequestResolvedAsync(context, CancellationToken.None);

        Assert.That(_bed.Fake.Incidents.Single().Notes, Has.Count.EqualTo(1));
        Assert.That(_bed.Fake.Incidents.Single().State, Is.EqualTo("resolved"));
    }

    [Test]
    public async Task Steps_WithoutIncident_CallNothingAndLogWhy()
    {
        var request = DatadogTestBed.Request();

        await _bed.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(request with { State = AccessRequestState.Approved }, new AdapterRequestState()), CancellationToken.None);

        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
        Assert.That(_bed.Context.Logs.Lines.Single().Message, Does.Contain(request.Id).And.Contain("no Datadog incident"));
    }

    [Test]
    public async Task Created_RoutedRecipients_HandlesAndTeamsFromThemOnly()
    {
        var request = DatadogTestBed.Request(suggestedReviewers: ["bob@example.com"]);
        var context = new RequestCreatedContext(request, new AdapterRequestState()) { RoutedRecipients = ["alice@example.com", "Site Reliability"] };

        await _bed.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        var incident = _bed.Fake.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.NotificationHandles, Is.EqualTo(new[] { "@alice@example.com" }), "not carol (role_to_recipients) nor bob (suggested)");
            Assert.That(incident.Teams, Is.EqualTo(new[] { "sre" }));
        });
    }

    private async Task<(AccessRequestSnapshot Request, AdapterRequestState State)> CreatedAsync()
    {
        var request = DatadogTestBed.Request();
        var state = new AdapterRequestState();
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        return (request, state);
    }
}
