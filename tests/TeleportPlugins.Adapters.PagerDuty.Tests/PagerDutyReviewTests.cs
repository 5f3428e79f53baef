using System.Text;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.PagerDuty;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>
/// Approve and Deny from an incident (<c>[pagerduty.review]</c>): Custom Incident Actions' V3 webhooks, signed with the
/// secret, submitted through <see cref="FakeTeleportReviews"/> (Teleport's rules and audit), the outcome added as a note.
/// </summary>
public sealed class PagerDutyReviewTests
{
    private const string Secret = "pd-webhook-secret-0c9f7e";
    private const string Approve = "webhook/approve";
    private const string Deny = "webhook/deny";
    private static readonly CallbackTally Tally = new("PagerDuty");
    private PagerDutyTestBed _bed = null!;
    private RecordingRouteRegistry _routes = null!;
    private FakePagerDutyIncident _incident = null!;
    private string _bob = null!;
    private string _alice = null!;
    private string _requestId = null!;

    private FakeTeleportReviews Teleport => _bed.Context.OnBehalfReviews;

    [OneTimeTearDown]
    public static void Count()
    {
        TestContext.Out.WriteLine(Tally.Summary);
        TestContext.Progress.WriteLine(Tally.Summary);
    }

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await PagerDutyTestBed.StartAsync();
        _bed.Fake.AddService("Teleport Notifications", "PEP0001");
        _bob = _bed.Fake.AddUser("Bob", "bob@example.com");
        _alice = _bed.Fake.AddUser("Alice", "alice@example.com");
        _bed.Options.Review.Enabled = true;
        _bed.Options.Review.WebhookSecret = Secret;
        _routes = Routes(_bed.Adapter);
        var request = PagerDutyTestBed.Request();
        _requestId = request.Id;
        await _bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);
        _incident = _bed.Fake.Incidents.Single();
        Teleport.AddUser("bob", true, ("pagerduty_uid", _bob)).AddUser("alice@example.com", true, ("pagerduty_uid", _alice)).AddRequest(_requestId, "alice@example.com");
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task Approve_ValidClick_ReviewAppliedAsBoundUser_OutcomeNoted()
    {
        var response = await ClickAsync(Approve, _bob);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        var review = Teleport.Audit.Single();
        Assert.That((review.TeleportUser, review.ProposedState, review.Tool, review.ToolUserId), Is.EqualTo(("bob", AccessRequestState.Approved, "PagerDuty", _bob)));
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
        Assert.That(Teleport.Audit.Single().ProposedState, Is.EqualTo(AccessRequestState.Denied));
        Assert.That(_incident.Notes[^1], Does.Contain($"Your denial of request {_requestId} was recorded"));
    }

    [Test]
    public async Task Click_SignatureDuringSecretRotation_AnyMatchingValueAccepted()
    {
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow);

        var response = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, "pd-old-secret", Secret));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Audit, Has.Count.EqualTo(1));
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
        Assert.That(Teleport.Submissions, Is.Zero);
    }

    [Test]
    public async Task Click_SameEventDeliveredTwice_OneReview()
    {
        Teleport.AddRequest(_requestId, "alice@example.com", approvals: 2);
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow);

        var first = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret));
        var again = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret));

        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((200, 200)));
        Assert.That(Teleport.Audit, Has.Count.EqualTo(1));
        Assert.That(Teleport.Submissions, Is.EqualTo(1));
        Assert.That(_incident.Notes.Count(n => n.StartsWith("Teleport, for PagerDuty user", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Click_TwoReplicasReceiveSameEvent_OneReviewInAudit()
    {
        Teleport.AddRequest(_requestId, "alice@example.com", approvals: 2); // still pending after the first: Teleport's one review per user decides
        var replica = _bed.CreateAdapter();
        var replicaRoutes = Routes(replica);
        var body = PagerDutyWebhooks.CustomAction(_incident, _bob, DateTimeOffset.UtcNow);
        var headers = Headers(PagerDutyWebhooks.Sign(body, Secret));

        await _routes.PostAsync(Approve, body, headers);
        await replicaRoutes.PostAsync(Approve, body, headers);

        Assert.That(Teleport.Audit, Has.Count.EqualTo(1));
        Assert.That(_incident.Notes[^1], Is.EqualTo($"Teleport, for PagerDuty user {_bob}: Nothing changed: bob has already reviewed request {_requestId}."));
        ((IDisposable)replica).Dispose();
    }

    [Test]
    public async Task Click_OversizedBody_413_NothingSubmitted()
    {
        var body = Encoding.UTF8.GetBytes(new string(' ', _routes.MaxBodyBytes + 1));

        var response = await MalformedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(Teleport.Submissions, Is.Zero);
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
        Assert.That(Teleport.Submissions, Is.Zero);
    }

    [Test]
    public async Task Click_OnIncidentNotOpenedForARequest_Ignored_NothingSubmitted()
    {
        var other = _bed.Fake.AddForeignIncident(_incident.ServiceId, "nagios/disk-full", PagerDutyTestBed.BotEmail);

        var body = PagerDutyWebhooks.CustomAction(other, _bob, DateTimeOffset.UtcNow);
        var response = await PostAsync(Approve, body, PagerDutyWebhooks.Sign(body, Secret));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Lookups, Is.Zero);
        Assert.That(_bed.Context.Logs.Lines.Select(l => l.Message), Has.Some.Contains($"incident {other.Id} was ignored"));
    }

    [Test]
    public async Task Click_UnmappedUser_ToldWhyInNote_NothingSubmitted()
    {
        var stranger = _bed.Fake.AddUser("Stranger", "stranger@example.com");

        await ClickAsync(Approve, stranger);

        Assert.That(Teleport.Submissions, Is.Zero);
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

        Assert.That(Teleport.Audit.Single().TeleportUser, Is.EqualTo("carol@example.com"));
        var lookup = _bed.Fake.Server.RequestsTo("GET", $"/users/{carol}").Single();
        Assert.That(lookup.Header("Authorization"), Is.EqualTo($"Token token={PagerDutyTestBed.ApiKey}"));
    }

    [Test]
    public async Task Click_RequesterApprovesOwnRequest_TeleportRefuses_NoteSaysWhy()
    {
        await ClickAsync(Approve, _alice);

        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(_incident.Notes[^1], Does.Contain("Teleport refused the approval by alice@example.com").And.Contain("cannot review their own request"));
    }

    [Test]
    public async Task Click_RequestAlreadyResolved_NoteSaysNothingChanged()
    {
        Teleport.Resolve(_requestId, AccessRequestState.Approved);

        await ClickAsync(Deny, _bob);

        Assert.That(Teleport.Audit, Is.Empty);
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
