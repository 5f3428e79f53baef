using System.Text;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.PagerDuty;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>
/// Approve and Deny from an incident (<c>[pagerduty.review]</c>): Custom Incident Actions' V3 webhooks, signed with the
/// secret, submitted through the host's on-behalf review service to the simulator (Teleport's rules and audit), the
/// outcome added as a note.
/// </summary>
public sealed class PagerDutyReviewTests() : ToolReviewFixture("PagerDuty")
{
    private const string Secret = "pd-webhook-secret-0c9f7e";
    private const string Approve = "webhook/approve";
    private const string Deny = "webhook/deny";
    private PagerDutyTestBed _bed = null!;
    private RecordingRouteRegistry _routes = null!;
    private FakePagerDutyIncident _incident = null!;
    private string _bob = null!;
    private string _alice = null!;
    private string _requestId = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await PagerDutyTestBed.StartAsync(onBehalfReviews: Teleport);
        _bed.Fake.AddService("Teleport Notifications", "PEP0001");
        _bob = _bed.Fake.AddUser("Bob", "bob@example.com");
        _alice = _bed.Fake.AddUser("Alice", "alice@example.com");
        _bed.Options.Review.Enabled = true;
        _bed.Options.Review.WebhookSecret = Secret;
        _routes = Routes(_bed.Adapter);
        _requestId = Teleport.AddPendingRequest("pagerduty_uid", ("alice@example.com", _alice), ("bob", _bob));
        _incident = await OpenIncidentAsync(_requestId);
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task Approve_ValidClick_ReviewAppliedAsBoundUser_OutcomeNoted()
    {
        var response = await ClickAsync(Approve, _bob);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "bob", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Approved));
        Assert.That(_incident.Notes[^1], Is.EqualTo($"Teleport, for PagerDuty user {_bob}: Your approval of request {_requestId} was recorded in Teleport as bob."));
        var note = _bed.Fake.Server.RequestsTo("POST", $"/incidents/{_incident.Id}/notes")[^1];
        Assert.That((note.Header("From"), note.Header("Authorization")), Is.EqualTo((PagerDutyTestBed.BotEmail, $"Token token={PagerDutyTestBed.ApiKey}")));
        var read = _bed.Fake.Server.RequestsTo("GET", $"/incidents/{_incident.Id}").Single();
        Assert.That(read.Header("Accept"), Is.EqualTo(PagerDutyApiFake.Accept));
    }

    [Test]
    public async Task Deny_ValidClick_ReviewDenies()
    {
        var response = await ClickAsync(Deny, _bob);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "bob", Teleport.HostUser, AccessRequestState.Denied, string.Empty)));
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Denied));
        Assert.That(_incident.Notes[^1], Does.Contain($"Your denial of request {_requestId} was recorded"));
    }

    [Test]
    public async Task Click_SignatureDuringSecretRotation_AnyMatchingValueAccepted()
    {
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow);

        var response = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, "pd-old-secret", Secret));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
    }

    [TestCase("wrong secret")]
    [TestCase("no header")]
    [TestCase("not hex")]
    [TestCase("other scheme")]
    [TestCase("body changed after signing")]
    public async Task Click_ForgedSignature_401_NothingSubmittedOrRead(string forgery)
    {
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow);
        var signature = forgery switch
        {
            "wrong secret" => PagerDutyWebhooks.Sign(body, "guessed"),
            "not hex" => "v1=zz",
            "other scheme" => PagerDutyWebhooks.Sign(body, Secret).Replace("v1=", "v0=", StringComparison.Ordinal),
            "body changed after signing" => PagerDutyWebhooks.Sign(PagerDutyWebhooks.CustomAction(_incident, _alice, DateTimeOffset.UtcNow), Secret),
            _ => null,
        };

        var response = await ForgedAsync(body, signature);

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.Submissions, Is.Zero);
        Assert.That(_bed.Fake.Server.RequestsTo("GET", $"/incidents/{_incident.Id}"), Is.Empty);
    }

    [Test]
    public async Task Click_OccurredAtOutsideWindow_401_NothingSubmitted()
    {
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(6));

        var response = await ForgedAsync(body, PagerDutyWebhooks.Sign(body, Secret));

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Pending));
    }

    [Test]
    public async Task Click_SameEventDeliveredTwice_OneReview()
    {
        var (requestId, incident) = await TwoApprovalRequestAsync();
        var body = PagerDutyWebhooks.CustomAction(incident, _bob, DateTimeOffset.UtcNow);

        var first = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret));
        var again = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret));

        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((200, 200)));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(requestId, "bob", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        Assert.That(Teleport.Submissions, Is.EqualTo(1));
        Assert.That(incident.Notes.Count(n => n.StartsWith("Teleport, for PagerDuty user", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Click_IncidentReadFailsThenPagerDutyRetries_503ThenOneReview()
    {
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow);
        var signature = PagerDutyWebhooks.Sign(body, Secret);
        _bed.Fake.Server.FailNext("GET", $"/incidents/{_incident.Id}", new FakeResponse(500, "{\"error\":{\"message\":\"Internal Server Error\"}}"));

        var failed = await PostAsync(Approve, body, signature);
        var audit = Teleport.Audit.Count;
        var retried = await PostAsync(Approve, body, signature);
        var again = await PostAsync(Approve, body, signature);

        Assert.That((failed.StatusCode, retried.StatusCode, again.StatusCode), Is.EqualTo((503, 200, 200)));
        Assert.That(audit, Is.Zero, "nothing reached Teleport while the incident could not be read");
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "bob", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        Assert.That(Teleport.Submissions, Is.EqualTo(1), "the third delivery is a replay of the one handled");
    }

    [Test]
    public async Task Click_TwoReplicasReceiveSameEvent_OneReviewInAudit()
    {
        var (requestId, incident) = await TwoApprovalRequestAsync(); // still pending after the first: Teleport's one review per user decides
        var replica = _bed.CreateAdapter();
        var replicaRoutes = Routes(replica);
        var body = PagerDutyWebhooks.CustomAction(incident, _bob, DateTimeOffset.UtcNow);
        var headers = Headers(PagerDutyWebhooks.Sign(body, Secret));

        await _routes.PostAsync(Approve, body, headers);
        await replicaRoutes.PostAsync(Approve, body, headers);

        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(requestId, "bob", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        Assert.That(Teleport.StateOf(requestId), Is.EqualTo(AccessRequestState.Pending));
        Assert.That(incident.Notes[^1], Is.EqualTo($"Teleport, for PagerDuty user {_bob}: Nothing changed: bob has already reviewed request {requestId}."));
        ((IDisposable)replica).Dispose();
    }

    [Test]
    public async Task Click_OversizedBody_413_NothingSubmitted()
    {
        var body = Encoding.UTF8.GetBytes(new string(' ', _routes.MaxBodyBytes + 1));

        var response = await MalformedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [TestCase("{not json")]
    [TestCase("{}")]
    [TestCase("""{"event":{"id":"E1","event_type":"incident.custom","agent":{"id":"PU1","type":"user_reference"},"data":{"id":"PI1","type":"incident"}}}""")]
    [TestCase("""{"event":{"id":"E1","event_type":"incident.custom","occurred_at":"NOW","agent":{"id":"PSVC","type":"service_reference"},"data":{"id":"PI1","type":"incident"}}}""")]
    [TestCase("""{"event":{"id":"E1","event_type":"incident.custom","occurred_at":"NOW","agent":{"id":"PU1","type":"user_reference"}}}""")]
    [TestCase("""{"event":{"id":"E1","event_type":"incident.custom","occurred_at":"yesterday","agent":{"id":"PU1","type":"user_reference"},"data":{"id":"PI1","type":"incident"}}}""")]
    public async Task Click_MalformedEvent_400_NothingSubmitted(string json)
    {
        var body = Encoding.UTF8.GetBytes(json.Replace("NOW", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var response = await MalformedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Click_OnIncidentNotOpenedForARequest_Ignored_NothingSubmitted()
    {
        var other = _bed.Fake.AddForeignIncident(_incident.ServiceId, "nagios/disk-full", PagerDutyTestBed.BotEmail);

        var body = PagerDutyWebhooks.CustomAction(other, _bob, DateTimeOffset.UtcNow);
        var response = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Lookups, Is.Zero);
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(_bed.Context.Logs.Lines.Select(l => l.Message), Has.Some.Contains($"incident {other.Id} was ignored"));
    }

    [Test]
    public async Task Click_UnmappedUser_ToldWhyInNote_NothingSubmitted()
    {
        var stranger = _bed.Fake.AddUser("Stranger", "stranger@example.com");

        var response = await ClickAsync(Approve, stranger);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Submissions, Is.Zero);
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(_incident.Notes[^1], Does.Contain("your PagerDuty account is not bound to a Teleport user").And.Contain("'pagerduty_uid'"));
        Assert.That(_bed.Fake.Server.RequestsTo("GET", $"/users/{stranger}"), Is.Empty, "no e-mail look-up unless allowed");
    }

    [Test]
    public async Task Click_EmailMatchAllowed_BoundByPagerDutyUserEmail()
    {
        _bed.Options.Review.AllowEmailUsernameMatch = true;
        var routes = Routes(_bed.CreateAdapter());
        var carol = _bed.Fake.AddUser("Carol", "carol@example.com");
        Teleport.AddUser("carol@example.com");

        var body = PagerDutyWebhooks.CustomAction(_incident, carol, DateTimeOffset.UtcNow);
        await routes.PostAsync(Approve, body, Headers(PagerDutyWebhooks.Sign(body, Secret)));

        Assert.That(Teleport.Reviews.Single().Author, Is.EqualTo("carol@example.com"));
        var lookup = _bed.Fake.Server.RequestsTo("GET", $"/users/{carol}").Single();
        Assert.That(lookup.Header("Authorization"), Is.EqualTo($"Token token={PagerDutyTestBed.ApiKey}"));
    }

    [Test]
    public async Task Click_RequesterApprovesOwnRequest_TeleportRefuses_NoteSaysWhy()
    {
        var response = await ClickAsync(Approve, _alice);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Pending));
        Assert.That(_incident.Notes[^1], Is.EqualTo($"Teleport, for PagerDuty user {_alice}: Teleport refused the approval by alice@example.com: user \"alice@example.com\" cannot review request {_requestId}"));
    }

    [Test]
    public async Task Click_RequestAlreadyResolved_NoteSaysNothingChanged()
    {
        Teleport.Resolve(_requestId, AccessRequestState.Approved);
        var audit = Teleport.Audit;

        var response = await ClickAsync(Deny, _bob);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Audit, Is.EqualTo(audit));
        Assert.That(Teleport.Reviews, Is.Empty);
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Approved));
        Assert.That(_incident.Notes[^1], Does.Contain($"Nothing changed: request {_requestId} is already resolved"));
    }

    [Test]
    public async Task ReviewDisabled_NoRoutes()
    {
        await using var bed = await PagerDutyTestBed.StartAsync();

        Assert.That(Routes(bed.Adapter).Paths, Is.Empty);
    }

    [Test]
    public void Options_ReviewEnabledWithoutSecret_ErrorNamesWebhookSecret()
    {
        var defaults = new PagerDutyOptions().Review;

        Assert.That((defaults.Enabled, defaults.UserIdTrait, defaults.AllowEmailUsernameMatch, defaults.WebhookSecret), Is.EqualTo((false, "pagerduty_uid", false, string.Empty)));
        Assert.That(OptionsValidation.Validate(defaults), Is.Empty);
        var errors = OptionsValidation.Validate(new PagerDutyReviewOptions { Enabled = true });
        Assert.That(errors.SelectMany(r => r.MemberNames), Is.EqualTo(new[] { "WebhookSecret" }));
        Assert.That(typeof(PagerDutyReviewOptions).GetProperty("WebhookSecret")!.GetCustomAttributes(typeof(SecretAttribute), false), Is.Not.Empty);
    }

    private async Task<FakePagerDutyIncident> OpenIncidentAsync(string requestId)
    {
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(PagerDutyTestBed.Request(requestId), new AdapterRequestState()), CancellationToken.None);
        return _bed.Fake.Incidents[^1];
    }

    /// <summary>A second request, by the same requester, that stays pending after one approval, and its incident.</summary>
    private async Task<(string RequestId, FakePagerDutyIncident Incident)> TwoApprovalRequestAsync()
    {
        var requestId = Teleport.AddRequest("alice@example.com", approvals: 2);
        return (requestId, await OpenIncidentAsync(requestId));
    }

    private static Dictionary<string, string> Headers(string? signature) =>
        signature is null ? [] : new Dictionary<string, string> { [PagerDutyWebhooks.SignatureHeader] = signature, ["Content-Type"] = "application/json" };

    private static RecordingRouteRegistry Routes(IAccessRequestAdapter adapter) => RecordingRouteRegistry.MappedBy(adapter, 55 * 1024);

    private Task<InboundResponse> ClickAsync(string route, string agent)
    {
        var body = PagerDutyWebhooks.CustomAction(_incident, agent, DateTimeOffset.UtcNow);
        return PostAsync(route, body, PagerDutyWebhooks.Sign(body, Secret));
    }

    private Task<InboundResponse> PostAsync(string route, byte[] body, string? signature) => _routes.PostAsync(route, body, Headers(signature));

    private Task<InboundResponse> ForgedAsync(byte[] body, string? signature) =>
        Tally.ForgedAsync(Teleport, () => PostAsync(Approve, body, signature));

    private Task<InboundResponse> MalformedAsync(byte[] body) =>
        Tally.MalformedAsync(Teleport, () => PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret)));
}
