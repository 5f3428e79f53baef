using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Teams;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator.Testing;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Teams.Tests;

/// <summary>
/// Approve and Deny from the card (<c>[teams.review]</c>): the Bot Framework token verified against the fake's
/// published keys before the activity is read, the click bound by the Entra ID object ID and submitted through the
/// host's on-behalf review service to the simulator, which applies Teleport's rules and keeps the audit.
/// </summary>
public sealed class TeamsReviewTests() : ToolReviewFixture("Teams")
{
    private const string Route = "messages";
    private const string Requester = "alice@example.com";
    private const string BobAad = "3f2a1b0c-1111-4a2b-8c3d-4e5f6a7b8c9d";
    private const string AliceAad = "9e8d7c6b-2222-4a2b-8c3d-4e5f6a7b8c9d";
    private TeamsApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;
    private RecordingRouteRegistry _routes = null!;
    private string _requestId = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await TeamsApiFake.StartAsync();
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _fake.UseClock(_clock);
        _h = Start(o => o.Review.Enabled = true);
        _routes = Routes(_h.Adapter);
        _requestId = Teleport.AddPendingRequest("teams_uid", (Requester, AliceAad), ("bob", BobAad));
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Click_ValidApprove_ReviewAppliedAsBoundUser_CardShowsOutcome()
    {
        var response = await ClickAsync("approve", BobAad, reason: "on call tonight");

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.ContentType, Does.StartWith("application/json"));
        Assert.That(OutcomeText(response), Does.Contain($"Your approval of request {_requestId} was recorded in Teleport as bob."));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "bob", Teleport.HostUser, AccessRequestState.Approved, "on call tonight")));
        var keys = _fake.Server.RequestsTo("GET", "/botframework/v1/.well-known/keys").Single();
        Assert.That(keys.Header("Authorization"), Is.Null, "the keys are public");
    }

    [Test]
    public async Task Click_ValidDeny_ReviewDenies()
    {
        var response = await ClickAsync("deny", BobAad);

        Assert.That(OutcomeText(response), Does.Contain($"Your denial of request {_requestId} was recorded in Teleport as bob."));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "bob", Teleport.HostUser, AccessRequestState.Denied, string.Empty)));
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Denied));
    }

    [TestCase("signed by another key")]
    [TestCase("for another bot")]
    [TestCase("from another issuer")]
    [TestCase("no token")]
    [TestCase("not a JWT")]
    [TestCase("service URL of another service")]
    public async Task Click_ForgedToken_401_NothingSubmitted(string forgery)
    {
        using var forger = RSA.Create(2048);
        var now = _clock.GetUtcNow();
        var token = forgery switch
        {
            "signed by another key" => _fake.Channel.Token(now, signWith: forger),
            "for another bot" => _fake.Channel.Token(now, audience: "11111111-2222-3333-4444-555555555555"),
            "from another issuer" => _fake.Channel.Token(now, issuer: "https://sts.windows.net/evil/"),
            "not a JWT" => "eyJhbGciOiJSUzI1NiJ9.not-json.c2ln",
            "service URL of another service" => _fake.Channel.Token(now, serviceUrl: "https://evil.example.com/teams/"),
            _ => null,
        };

        var response = await ForgedAsync(_fake.Channel.ClickActivity(_requestId, "approve", BobAad, now), token);

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.Lookups, Is.Zero);
    }

    [Test]
    public async Task Click_ActivityNamingAnotherServiceThanItsToken_401_NothingSubmitted()
    {
        var now = _clock.GetUtcNow();

        var response = await ForgedAsync(_fake.Channel.ClickActivity(_requestId, "approve", BobAad, now, serviceUrl: "https://evil.example.com/teams/"), _fake.Channel.Token(now));

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Click_ChannelTheSigningKeyIsNotEndorsedFor_401_NothingSubmitted()
    {
        var now = _clock.GetUtcNow();
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_fake.Channel.ClickActivity(_requestId, "approve", BobAad, now)).Replace("\"msteams\"", "\"skype\"", StringComparison.Ordinal));

        var response = await ForgedAsync(body, _fake.Channel.Token(now));

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Click_ExpiredTokenBeyondFiveMinutesSkew_401_WithinSkewAccepted()
    {
        var issued = _clock.GetUtcNow() - TimeSpan.FromHours(1) - TimeSpan.FromMinutes(6);

        var stale = await ForgedAsync(_fake.Channel.ClickActivity(_requestId, "approve", BobAad, _clock.GetUtcNow()), _fake.Channel.Token(issued));
        var withinSkew = await PostAsync(_fake.Channel.ClickActivity(_requestId, "approve", BobAad, _clock.GetUtcNow()), _fake.Channel.Token(issued + TimeSpan.FromMinutes(2)));

        Assert.That(stale.StatusCode, Is.EqualTo(401));
        Assert.That(withinSkew.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Click_ActivityTimestampOutsideWindow_401_NothingSubmitted()
    {
        var now = _clock.GetUtcNow();

        var response = await ForgedAsync(_fake.Channel.ClickActivity(_requestId, "approve", BobAad, now - TimeSpan.FromMinutes(6)), _fake.Channel.Token(now));

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Click_SameActivityDeliveredTwice_OneReview_SecondToldAlreadyHandled()
    {
        _requestId = Teleport.AddRequest(Requester, approvals: 2);
        var body = _fake.Channel.ClickActivity(_requestId, "approve", BobAad, _clock.GetUtcNow(), activityId: "f:retried");

        var first = await PostAsync(body);
        var again = await PostAsync(body);

        Assert.That(OutcomeText(first), Does.Contain("was recorded in Teleport as bob"));
        Assert.That(again.StatusCode, Is.EqualTo(200));
        Assert.That(OutcomeText(again), Does.Contain("already handled"));
        Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        Assert.That(Teleport.Submissions, Is.EqualTo(1));
    }

    [Test]
    public async Task Click_TwoReplicasReceiveSameActivity_OneReviewInAudit()
    {
        _requestId = Teleport.AddRequest(Requester, approvals: 2); // still pending after the first: Teleport's one review per user decides
        var replica = _h.CreateReplica(Options(o => o.Review.Enabled = true));
        var replicaRoutes = Routes(replica);
        var body = _fake.Channel.ClickActivity(_requestId, "approve", BobAad, _clock.GetUtcNow());
        var token = _fake.Channel.Token(_clock.GetUtcNow());

        var first = await PostAsync(body, token);
        var second = await replicaRoutes.PostAsync(Route, body, Headers(token));

        Assert.That(OutcomeText(first), Does.Contain("was recorded in Teleport as bob"));
        Assert.That(OutcomeText(second), Does.StartWith("Nothing changed: bob has already reviewed request"));
        Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        ((IDisposable)replica).Dispose();
    }

    [Test]
    public async Task Click_OversizedBody_413_NothingSubmitted()
    {
        var body = Encoding.UTF8.GetBytes(new string(' ', _routes.MaxBodyBytes + 1));

        var response = await MalformedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(_fake.Channel.KeyFetches, Is.Zero, "refused before the token is even checked");
    }

    [TestCase("{not json")]
    [TestCase("[]")]
    [TestCase("""{"type":"invoke","name":"adaptiveCard/action","id":"x","serviceUrl":"SERVICE","channelId":"msteams","from":{"aadObjectId":"a"},"value":{"action":{"type":"Action.Execute","verb":"approve","data":{"request_id":"r","action":"approve"}}}}""")]
    [TestCase("""{"type":"invoke","name":"adaptiveCard/action","id":"x","timestamp":"NOW","serviceUrl":"SERVICE","channelId":"msteams","from":{"aadObjectId":"a"},"value":{"action":{"type":"Action.Execute","verb":"escalate","data":{"request_id":"r","action":"escalate"}}}}""")]
    [TestCase("""{"type":"invoke","name":"adaptiveCard/action","id":"x","timestamp":"NOW","serviceUrl":"SERVICE","channelId":"msteams","from":{"aadObjectId":"a"},"value":{"action":{"type":"Action.Execute","verb":"approve","data":{"action":"approve"}}}}""")]
    public async Task Click_MalformedActivity_400_NothingSubmitted(string json)
    {
        var body = json.Replace("SERVICE", _fake.Channel.ServiceUrl.ToString(), StringComparison.Ordinal)
            .Replace("NOW", _clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await MalformedAsync(Encoding.UTF8.GetBytes(body));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.Lookups, Is.Zero);
    }

    [Test]
    public async Task Activity_NotAClick_200_NothingSubmitted()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { type = "conversationUpdate", id = "f:1", serviceUrl = _fake.Channel.ServiceUrl.ToString(), channelId = "msteams" });

        var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Teleport.Lookups, Is.Zero);
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Click_UnmappedUser_ToldWhy_NothingSubmitted()
    {
        var response = await ClickAsync("approve", "00000000-dead-4bee-8000-000000000000");

        Assert.That(OutcomeText(response), Does.Contain("your Teams account is not bound to a Teleport user").And.Contain("'teams_uid'"));
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Click_EmailMatchAllowed_BoundByGraphMail()
    {
        using var h = Start(o =>
        {
            o.Review.Enabled = true;
            o.Review.AllowEmailUsernameMatch = true;
        });
        var routes = Routes(h.Adapter);
        Teleport.AddUser("bob@example.com");
        var bob = TeamsApiFake.UserId("bob@example.com");

        var response = await routes.PostAsync(Route, _fake.Channel.ClickActivity(_requestId, "approve", bob, _clock.GetUtcNow()), Headers(_fake.Channel.Token(_clock.GetUtcNow())));

        Assert.That(OutcomeText(response), Does.Contain("recorded in Teleport as bob@example.com"));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "bob@example.com", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        var lookup = _fake.Server.RequestsTo("GET", $"/graph/v1.0/users/{bob}").Single();
        Assert.That(lookup.Header("Authorization"), Does.StartWith("Bearer eyJ0eXAi.graph."));
    }

    [Test]
    public async Task Click_RequesterApprovesOwnRequest_TeleportRefuses_UserSeesWhy()
    {
        var response = await ClickAsync("approve", AliceAad);

        Assert.That(OutcomeText(response), Does.Contain($"Teleport refused the approval by alice@example.com: user \"alice@example.com\" cannot review request {_requestId}"));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Pending));
    }

    [Test]
    public async Task Click_RequestAlreadyResolved_UserToldNothingChanged()
    {
        Teleport.Resolve(_requestId, AccessRequestState.Denied);
        var audit = Teleport.Audit;

        var response = await ClickAsync("approve", BobAad);

        Assert.That(OutcomeText(response), Does.Contain($"Nothing changed: request {_requestId} is already resolved"));
        Assert.That(Teleport.Audit, Is.EqualTo(audit));
        Assert.That(Teleport.Reviews, Is.Empty);
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Denied));
    }

    [Test]
    public async Task Keys_UnknownKid_RefetchedAtMostOncePerFiveMinutes()
    {
        Assert.That((await ClickAsync("approve", BobAad)).StatusCode, Is.EqualTo(200));
        _fake.Channel.RotateKey();
        _clock.Advance(TimeSpan.FromMinutes(1));

        var soon = await ForgedAsync(_fake.Channel.ClickActivity(_requestId, "deny", BobAad, _clock.GetUtcNow()), _fake.Channel.Token(_clock.GetUtcNow()));
        var fetchesSoon = _fake.Channel.KeyFetches;
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = Teleport.AddUser("carol", true, ("teams_uid", "carol-aad")).AddRequest(Requester);
        var later = await PostAsync(_fake.Channel.ClickActivity(second, "approve", "carol-aad", _clock.GetUtcNow()));

        Assert.That(soon.StatusCode, Is.EqualTo(401), "a rotated key within 5 minutes of the last fetch is not fetched again");
        Assert.That(fetchesSoon, Is.EqualTo(1));
        Assert.That(later.StatusCode, Is.EqualTo(200));
        Assert.That(_fake.Channel.KeyFetches, Is.EqualTo(2));
        Assert.That(Teleport.Reviews.Select(r => (r.RequestId, r.Author)), Is.EqualTo(new[] { (_requestId, "bob"), (second, "carol") }), "the refused deny changed nothing");
    }

    [Test]
    public async Task Card_ReviewEnabled_PendingHasButtons_ResolvedUpdateHasNone()
    {
        var request = SampleRequests.Pending();

        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);

        var card = _fake.Cards.Single();
        Assert.That(card.Updates, Is.EqualTo(1));
        Assert.That(card.Buttons, Is.Empty, "the update at resolution has no buttons");
        var created = _fake.Server.Requests.First(r => r.Method == "POST" && r.Path.StartsWith("/bot/", StringComparison.Ordinal));
        using var sent = JsonDocument.Parse(created.Body);
        var content = sent.RootElement.GetProperty("attachments")[0].GetProperty("content");
        Assert.That(content.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("type").GetString() + ":" + a.GetProperty("title").GetString()),
            Is.EqualTo(new[] { "Action.Execute:Approve", "Action.Execute:Deny", "Action.OpenUrl:Open" }));
        Assert.That(content.GetProperty("actions")[0].GetProperty("data").GetRawText(), Is.EqualTo($$"""{"request_id":"{{request.Id}}","action":"approve"}"""));
        Assert.That(content.GetProperty("body").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Has.Exactly(1).EqualTo("Input.Text"));
    }

    [Test]
    public async Task Card_ReviewPendingButtonsRecordedByFake()
    {
        Assert.That(await _h.CreatedAsync(SampleRequests.Pending()), Is.Null);

        Assert.That(_fake.Cards.Single().Buttons, Is.EqualTo(new[] { "Approve", "Deny" }));
    }

    [Test]
    public async Task ReviewDisabled_NoButtons_NoRoute()
    {
        using var h = Start();
        var routes = Routes(h.Adapter);

        Assert.That(await h.CreatedAsync(SampleRequests.Pending()), Is.Null);

        Assert.That(routes.Paths, Is.Empty);
        Assert.That(_fake.Cards.Single().Buttons, Is.Empty);
    }

    [Test]
    public void Options_ReviewSection_DefaultsAndValidation()
    {
        var defaults = new TeamsOptions().Review;
        var insecure = new TeamsReviewOptions { Enabled = true, UserIdTrait = " ", OpenIdMetadataUrl = new Uri("http://login.example.com/openid") };

        Assert.That((defaults.Enabled, defaults.UserIdTrait, defaults.AllowEmailUsernameMatch), Is.EqualTo((false, "teams_uid", false)));
        Assert.That(defaults.OpenIdMetadataUrl, Is.EqualTo(new Uri("https://login.botframework.com/v1/.well-known/openidconfiguration")));
        Assert.That(OptionsValidation.Validate(defaults), Is.Empty);
        Assert.That(OptionsValidation.Validate(insecure).SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { "UserIdTrait", "OpenIdMetadataUrl" }));
    }

    private static string OutcomeText(InboundResponse response)
    {
        using var json = JsonDocument.Parse(response.Body);
        Assert.That(json.RootElement.GetProperty("statusCode").GetInt32(), Is.EqualTo(200));
        Assert.That(json.RootElement.GetProperty("type").GetString(), Is.EqualTo("application/vnd.microsoft.card.adaptive"));
        var body = json.RootElement.GetProperty("value").GetProperty("body");
        return string.Join("\n", body.EnumerateArray().Select(e => e.GetProperty("text").GetString())).Replace("\\", string.Empty, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Headers(string? token) =>
        token is null ? [] : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token, ["Content-Type"] = "application/json; charset=utf-8" };

    private static RecordingRouteRegistry Routes(IAccessRequestAdapter adapter) => RecordingRouteRegistry.MappedBy(adapter, 64 * 1024);

    private Task<InboundResponse> ClickAsync(string verb, string aad, string reason = "") =>
        PostAsync(_fake.Channel.ClickActivity(_requestId, verb, aad, _clock.GetUtcNow(), reason));

    private Task<InboundResponse> PostAsync(byte[] body, string? token = null) =>
        _routes.PostAsync(Route, body, Headers(token ?? _fake.Channel.Token(_clock.GetUtcNow())));

    private Task<InboundResponse> ForgedAsync(byte[] body, string? token) =>
        Tally.ForgedAsync(Teleport, () => _routes.PostAsync(Route, body, Headers(token)));

    private Task<InboundResponse> MalformedAsync(byte[] body) =>
        Tally.MalformedAsync(Teleport, () => PostAsync(body));

    private TeamsOptions Options(Action<TeamsOptions>? configure = null) => TeamsFakeOptions.For(_fake, configure);

    private AdapterHarness Start(Action<TeamsOptions>? configure = null) =>
        new(new TeamsAdapterFactory(), Options(configure), _clock, Recipients(("*", ["bob@example.com"])), beforeEachStep: () => _clock.Advance(TimeSpan.FromSeconds(1)), onBehalfReviews: Teleport);
}
