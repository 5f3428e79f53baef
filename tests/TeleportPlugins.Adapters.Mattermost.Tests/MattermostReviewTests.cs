using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Mattermost;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Adapters.Mattermost.Tests;

/// <summary>Approve and Deny from Mattermost (<c>[mattermost.review]</c>): the buttons, the click route and its checks.</summary>
public sealed class MattermostReviewTests() : ToolReviewFixture("Mattermost")
{
    private const string Secret = "mm-action-secret-0123456789";
    private const string Reviewer = "user-bob";
    private const string Requester = "user-alice";
    private const string Stranger = "user-carol";
    private static readonly Uri Callback = new("https://plugins.example.com/adapters/mattermost/action");

    private MattermostApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;
    private RecordingRouteRegistry _routes = null!;
    private AccessRequestSnapshot _request = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await MattermostApiFake.StartAsync();
        _fake.AddUser("alice@example.com", Requester);
        _fake.AddUser("bob@example.com", Reviewer);
        _fake.AddUser("carol@example.com", Stranger);
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        _h = Start();
        _routes = Routes(_h.Adapter);
        // Two approvals: a second delivery of a click meets Teleport's one review per user, not a resolved request.
        _request = SampleRequests.Pending(Teleport.AddPendingRequest("mattermost_uid", ("alice@example.com", Requester), ("bob", Reviewer), approvals: 2));
        Assert.That(await _h.CreatedAsync(_request), Is.Null);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task SendAccessListReminder_WithReviewRoutes_DirectMessageToTheOwner()
    {
        var reminder = new AccessListReminder("payroll", "Payroll admins", "carol@example.com", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), null, null);

        await ((IAccessListReminderSender)_h.Adapter).SendAccessListReminderAsync(reminder, CancellationToken.None);

        var direct = _fake.Posts.Single(p => p.ChannelId == MattermostApiFake.DirectChannelOf(Stranger));
        Assert.That(direct.Message, Is.EqualTo("Access List Payroll admins is due for a review by 2026-12-01. Please review it soon!"));
    }

    [Test]
    public async Task Click_ApproveByBoundReviewer_ReviewRecordedAsTheTeleportUserAndOutcomeShownToTheClicker()
    {
        var response = await ClickAsync("approve", Reviewer);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(Ephemeral(response), Does.Contain("approval").And.Contain("recorded in Teleport as bob"));
            Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_request.Id, "bob", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        });
    }

    [Test]
    public async Task Click_Deny_OpensReasonDialogWhoseSubmissionRecordsTheDenialWithTheReason()
    {
        var click = await ClickAsync("deny", Reviewer);
        var open = _fake.Server.RequestsTo("POST", "/api/v4/actions/dialogs/open").Single();
        Assert.Multiple(() =>
        {
            Assert.That(click.StatusCode, Is.EqualTo(200));
            Assert.That(JsonDocument.Parse(click.Body).RootElement.EnumerateObject(), Is.Empty, "no ephemeral text: the dialog opens");
            Assert.That(open.Header("Authorization"), Is.EqualTo($"Bearer {_fake.Token}"));
            Assert.That(_fake.DialogsOpenedFor, Is.EqualTo(new[] { Reviewer }));
            Assert.That(Teleport.Submissions, Is.Zero, "the click only asks for the reason");
        });

        var (url, body) = _fake.DialogSubmitBody(Reviewer, new Dictionary<string, string> { ["reason"] = "  not during the freeze " });
        var submitted = await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(url, Is.EqualTo(Callback));
            Assert.That(submitted.StatusCode, Is.EqualTo(200));
            Assert.That(submitted.Body, Is.EqualTo("{}"), "recorded: the dialog closes");
            Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_request.Id, "bob", Teleport.HostUser, AccessRequestState.Denied, "not during the freeze")));
            Assert.That(Teleport.StateOf(_request.Id), Is.EqualTo(AccessRequestState.Denied));
        });
    }

    [Test]
    public async Task Click_DenyWhenTheDialogCannotOpen_DeniesWithoutAReason()
    {
        _fake.Server.FailNext("POST", "/api/v4/actions/dialogs/open", new FakeResponse(400, "{\"id\":\"interactive_message.decode_trigger_id.expired\",\"status_code\":400}"));

        var response = await ClickAsync("deny", Reviewer);

        Assert.Multiple(() =>
        {
            Assert.That(Ephemeral(response), Does.Contain("denial").And.Contain("recorded in Teleport as bob"));
            Assert.That(Teleport.Reviews.Single().Reason, Is.Empty);
        });
    }

    [TestCase("submitted by another user")]
    [TestCase("state of another request")]
    [TestCase("no state")]
    [TestCase("the buttons' token as state")]
    public async Task DialogSubmission_ForgedState_401AndNothingReachesTeleport(string forgery)
    {
        await ClickAsync("deny", Reviewer);
        var (_, valid) = _fake.DialogSubmitBody(Reviewer, new Dictionary<string, string> { ["reason"] = "forged" });
        var submission = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(valid)!;
        var state = submission["state"].GetString()!;
        switch (forgery)
        {
            case "submitted by another user":
                submission["user_id"] = Json(Stranger);
                break;
            case "state of another request":
                submission["state"] = Json("other-request|" + state.Split('|')[1]);
                break;
            case "no state":
                submission.Remove("state");
                break;
            default:
                submission["state"] = Json($"{_request.Id}|{Token(_request.Id, "deny")}");
                break;
        }

        var response = await Tally.ForgedAsync(Teleport, () => _routes.PostAsync(MattermostAdapterFactory.ActionRoute, JsonSerializer.SerializeToUtf8Bytes(submission), new Dictionary<string, string>()));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(Teleport.Audit, Is.Empty);
            Assert.That(Teleport.Lookups + Teleport.Submissions, Is.Zero);
        });
    }

    [Test]
    public async Task DialogSubmission_Cancelled_NothingSubmitted()
    {
        await ClickAsync("deny", Reviewer);
        var (_, body) = _fake.DialogSubmitBody(Reviewer, new Dictionary<string, string>(), cancelled: true);

        var response = await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task DialogSubmission_RequesterDenyingOwnRequest_DialogShowsTeleportsRefusal()
    {
        await ClickAsync("deny", Requester);
        var (_, body) = _fake.DialogSubmitBody(Requester, new Dictionary<string, string> { ["reason"] = "changed my mind" });

        var response = await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(JsonDocument.Parse(response.Body).RootElement.GetProperty("error").GetString(), Does.Contain("Teleport refused").And.Contain($"user \"alice@example.com\" cannot review request {_request.Id}"));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [TestCase("no context")]
    [TestCase("no token")]
    [TestCase("another secret")]
    [TestCase("approve token on deny")]
    [TestCase("another request's token")]
    [TestCase("token not hex")]
    public async Task Click_ForgedContext_401AndNothingReachesTeleport(string forgery)
    {
        var (_, body) = _fake.ClickBody(RootPostId(), "deny", Reviewer);
        var click = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
        click["context"] = forgery switch
        {
            "no context" => default,
            "no token" => Json(new { request_id = _request.Id, action = "approve" }),
            "another secret" => Json(new { request_id = _request.Id, action = "deny", token = Token(_request.Id, "deny", "another-secret-0123456789") }),
            "approve token on deny" => Json(new { request_id = _request.Id, action = "deny", token = Token(_request.Id, "approve") }),
            "another request's token" => Json(new { request_id = _request.Id, action = "approve", token = Token("other-request", "approve") }),
            _ => Json(new { request_id = _request.Id, action = "approve", token = "zz" + Token(_request.Id, "approve")[2..] }),
        };
        if (forgery == "no context")
        {
            click.Remove("context");
        }

        var response = await Tally.ForgedAsync(Teleport, () => _routes.PostAsync(MattermostAdapterFactory.ActionRoute, JsonSerializer.SerializeToUtf8Bytes(click), new Dictionary<string, string>()));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(Teleport.Audit, Is.Empty);
            Assert.That(Teleport.Lookups + Teleport.Submissions, Is.Zero);
        });
    }

    [TestCase("not json")]
    [TestCase("json array")]
    [TestCase("user_id a number")]
    [TestCase("verified but no user_id")]
    [TestCase("verified but unknown action")]
    public async Task Click_MalformedBody_400AndNothingSubmitted(string malformation)
    {
        var (_, valid) = _fake.ClickBody(RootPostId(), "approve", Reviewer);
        var body = malformation switch
        {
            "not json" => Encoding.UTF8.GetBytes("user_id=user-bob&context=approve"),
            "json array" => Encoding.UTF8.GetBytes("[1, 2]"),
            "user_id a number" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace($"\"{Reviewer}\"", "42", StringComparison.Ordinal)),
            "verified but no user_id" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("\"user_id\"", "\"uid\"", StringComparison.Ordinal)),
            _ => JsonSerializer.SerializeToUtf8Bytes(new { user_id = Reviewer, post_id = RootPostId(), context = new { request_id = _request.Id, action = "escalate", token = Token(_request.Id, "escalate") } }),
        };

        var response = await Tally.MalformedAsync(Teleport, () => _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>()));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(400));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_BodyOverTheHostsLimit_413AndNothingSubmitted()
    {
        var routes = new RecordingRouteRegistry { MaxBodyBytes = 512 };
        ((IInboundRouteProvider)_h.Adapter).MapRoutes(routes);
        var (_, valid) = _fake.ClickBody(RootPostId(), "approve", Reviewer);
        var padded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("\"channel_name\":\"\"", $"\"channel_name\":\"{new string('x', 600)}\"", StringComparison.Ordinal));

        var response = await routes.PostAsync(MattermostAdapterFactory.ActionRoute, padded, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(413));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_SameClickDeliveredTwice_OneReviewAndTheRetryAnsweredWithoutAskingTeleport()
    {
        var (_, body) = _fake.ClickBody(RootPostId(), "approve", Reviewer);

        var first = await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());
        var second = await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(Ephemeral(first), Does.Contain("recorded"));
            Assert.That(Ephemeral(second), Does.Contain("already received"));
            Assert.That(Teleport.Submissions, Is.EqualTo(1));
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Click_ReplayedAfterTheRetryWindow_TeleportRecordsOneReviewAndTheUserIsTold()
    {
        var (_, body) = _fake.ClickBody(RootPostId(), "approve", Reviewer);
        await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());
        _clock.Advance(TimeSpan.FromMinutes(3));

        var replay = await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(Ephemeral(replay), Does.Contain("bob has already reviewed"));
            Assert.That(Teleport.Submissions, Is.EqualTo(2));
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Click_UserBoundToNoTeleportUser_ToldWhyAndNothingSubmitted()
    {
        var response = await ClickAsync("approve", Stranger);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(Ephemeral(response), Does.Contain("not bound to a Teleport user").And.Contain("mattermost_uid").And.Contain(Stranger));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_RequesterApprovesOwnRequest_TeleportRefusesAndTheUserSeesWhy()
    {
        var response = await ClickAsync("approve", Requester);

        Assert.Multiple(() =>
        {
            Assert.That(Ephemeral(response), Does.Contain("Teleport refused").And.Contain($"user \"alice@example.com\" cannot review request {_request.Id}"));
            Assert.That(Teleport.Audit, Is.Empty);
            Assert.That(Teleport.StateOf(_request.Id), Is.EqualTo(AccessRequestState.Pending));
        });
    }

    [Test]
    public async Task Click_RequestAlreadyResolved_ToldNothingChanged()
    {
        Teleport.Resolve(_request.Id, AccessRequestState.Denied);
        var audit = Teleport.Audit;

        var response = await ClickAsync("approve", Reviewer);

        Assert.Multiple(() =>
        {
            Assert.That(Ephemeral(response), Does.Contain("already resolved"));
            Assert.That(Teleport.Audit, Is.EqualTo(audit));
            Assert.That(Teleport.Reviews, Is.Empty);
        });
    }

    [Test]
    public async Task Click_SameCallbackOnTwoReplicas_OneReviewInTeleport()
    {
        using var replica = (IDisposable)_h.CreateReplica(Options());
        var replicaRoutes = Routes((IAccessRequestAdapter)replica);
        var (_, body) = _fake.ClickBody(RootPostId(), "approve", Reviewer);


        var answers = await Task.WhenAll(
            _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>()),
            replicaRoutes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>()));

        Assert.Multiple(() =>
        {
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
            Assert.That(answers.Select(Ephemeral), Has.One.Contains("recorded in Teleport"));
            Assert.That(answers.Select(Ephemeral), Has.One.Contains("bob has already reviewed"));
        });
    }

    [Test]
    public async Task Click_EmailMatchAllowed_BindsByTheEmailMattermostShows()
    {
        using var h = Start(o => o.Review.AllowEmailUsernameMatch = true);
        var routes = Routes(h.Adapter);
        Teleport.AddUser("carol@example.com");
        var (_, body) = _fake.ClickBody(RootPostId(), "approve", Stranger);

        var response = await routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());

        var lookup = _fake.Server.RequestsTo("GET", $"/api/v4/users/{Stranger}").Single();
        Assert.Multiple(() =>
        {
            Assert.That(lookup.Header("Authorization"), Is.EqualTo($"Bearer {_fake.Token}"));
            Assert.That(Ephemeral(response), Does.Contain("recorded in Teleport as carol@example.com"));
            Assert.That(Teleport.Reviews.Single().Author, Is.EqualTo("carol@example.com"));
        });
    }

    [Test]
    public async Task Clicks_ForgedValidAndDialog_TheSecretAndTokensNeverLogged()
    {
        var (_, valid) = _fake.ClickBody(RootPostId(), "approve", Reviewer);
        var token = JsonDocument.Parse(valid).RootElement.GetProperty("context").GetProperty("token").GetString()!;
        var forged = Encoding.UTF8.GetString(valid).Replace(token, Token(_request.Id, "approve", "wrong-secret-0123456789"), StringComparison.Ordinal);
        await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, Encoding.UTF8.GetBytes(forged), new Dictionary<string, string>());
        await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, valid, new Dictionary<string, string>());
        await ClickAsync("deny", Requester);
        var (_, dialog) = _fake.DialogSubmitBody(Requester, new Dictionary<string, string> { ["reason"] = "x" });
        await _routes.PostAsync(MattermostAdapterFactory.ActionRoute, dialog, new Dictionary<string, string>());

        var lines = _h.Host.Logs.Lines.Select(l => l.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Contains("missing or wrong button token"));
            Assert.That(lines, Has.None.Contains(Secret).And.None.Contains(token).And.None.Contains(Token(_request.Id, "deny")));
        });
    }

    [Test]
    public void Created_ReviewEnabled_PendingPostHasButtonsPointingAtTheCallback()
    {
        var (url, _) = _fake.ClickBody(RootPostId(), "approve", Reviewer);

        Assert.Multiple(() =>
        {
            Assert.That(_fake.RootPosts.Select(p => _fake.ButtonsOf(p.Id)), Is.All.EqualTo(new[] { "approve", "deny" }));
            Assert.That(url, Is.EqualTo(Callback));
        });
    }

    [Test]
    public async Task Updates_ReviewEnabled_ButtonsStayWhilePendingAndAreGoneAfterResolution()
    {
        var post = RootPostId();
        Assert.That(await _h.ReviewAsync(_request.WithReview("carl@example.com", AccessRequestState.Approved, "ok")), Is.Null);
        var whilePending = _fake.ButtonsOf(post);

        Assert.That(await _h.ResolvedAsync(_request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(whilePending, Is.EqualTo(new[] { "approve", "deny" }));
            Assert.That(_fake.RootPosts.Single(p => p.Id == post).Edits, Is.EqualTo(2), "the review's edit and the resolution's");
            Assert.That(_fake.ButtonsOf(post), Is.Empty);
            Assert.That(_fake.RootPosts.Single(p => p.Id == post).Props, Does.Contain($"{_request.Id}/created:chan-access"), "the marker a resumed step looks for stays");
        });
    }

    [Test]
    public async Task Expired_ReviewEnabled_ButtonsGone()
    {
        var post = RootPostId();

        Assert.That(await _h.ExpiredAsync(_request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_fake.RootPosts.Single(p => p.Id == post).Message, Does.Contain("EXPIRED"));
            Assert.That(_fake.ButtonsOf(post), Is.Empty);
        });
    }

    [Test]
    public async Task Created_ReviewDisabled_NoButtonsAndNoRouteForClicks()
    {
        using var h = Start(o => o.Review = new MattermostReviewOptions());
        var routes = new RecordingRouteRegistry();
        (h.Adapter as IInboundRouteProvider)?.MapRoutes(routes);

        Assert.That(await h.CreatedAsync(SampleRequests.Pending("no-buttons")), Is.Null);

        var posts = _fake.RootPosts.Where(p => p.Props!.Contains("no-buttons/", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(routes.Paths, Is.Empty);
            Assert.That(posts, Has.Count.EqualTo(1));
            Assert.That(_fake.ButtonsOf(posts[0].Id), Is.Empty);
            Assert.That(posts[0].Props, Does.Not.Contain("attachments"));
        });
    }

    [Test]
    public void Options_ReviewEnabledWithoutSecretOrCallback_EachErrorNamesItsKey()
    {
        var options = new MattermostReviewOptions { Enabled = true, ActionSecret = "short" };

        var results = OptionsValidation.Validate(options);

        Assert.Multiple(() =>
        {
            Assert.That(results.SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { nameof(MattermostReviewOptions.ActionSecret), nameof(MattermostReviewOptions.CallbackUrl) }));
            Assert.That(results.Select(r => r.ErrorMessage), Has.None.Contains("short"));
            Assert.That(OptionsValidation.Validate(new MattermostReviewOptions()), Is.Empty, "off by default, nothing required");
            Assert.That(new MattermostOptions().Review.UserIdTrait, Is.EqualTo("mattermost_uid"));
        });
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static string Token(string requestId, string action, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{requestId}|{action}")));

    private static string Ephemeral(InboundResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        return JsonDocument.Parse(response.Body).RootElement.GetProperty("ephemeral_text").GetString()!;
    }

    private static RecordingRouteRegistry Routes(IAccessRequestAdapter adapter)
    {
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)adapter).MapRoutes(routes);
        return routes;
    }

    private string RootPostId() => _fake.RootPosts.First(p => p.ChannelId == "chan-access").Id;

    private Task<InboundResponse> ClickAsync(string action, string userId)
    {
        var (_, body) = _fake.ClickBody(RootPostId(), action, userId);
        return _routes.PostAsync(MattermostAdapterFactory.ActionRoute, body, new Dictionary<string, string>());
    }

    private MattermostOptions Options(Action<MattermostOptions>? configure = null)
    {
        var options = new MattermostOptions
        {
            Url = _fake.Url,
            Token = _fake.Token,
            Recipients = ["ops/access"],
            Review = new MattermostReviewOptions { Enabled = true, ActionSecret = Secret, CallbackUrl = Callback },
        };
        configure?.Invoke(options);
        return options;
    }

    private AdapterHarness Start(Action<MattermostOptions>? configure = null) =>
        new(new MattermostAdapterFactory(), Options(configure), _clock, RoleToRecipients.Empty, onBehalfReviews: Teleport);
}
