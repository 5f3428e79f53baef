using System.Globalization;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Discord;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator.Testing;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Discord.Tests;

/// <summary>Approve and Deny from Discord (<c>[discord.review]</c>): the buttons, the interactions route and its checks.</summary>
public sealed class DiscordReviewTests() : ToolReviewFixture("Discord")
{
    private const string Ops = "100000000000000001";
    private const string Reviewer = "310000000000000031";
    private const string Requester = "320000000000000032";
    private const string Stranger = "330000000000000033";

    private Key _appKey = null!;
    private DiscordApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;
    private RecordingRouteRegistry _routes = null!;
    private AccessRequestSnapshot _request = null!;
    private List<IDisposable> _owned = [];

    private string ApproveId => $"teleport:approve:{_request.Id}";

    private string DenyId => $"teleport:deny:{_request.Id}";

    [SetUp]
    public async Task StartAsync()
    {
        // The application's key pair, as the Developer Portal holds it: the test signs as Discord does.
        _appKey = Key.Create(SignatureAlgorithm.Ed25519);
        _fake = await DiscordApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        _h = Start();
        _routes = Routes(_h.Adapter);
        // Two approvals: a second delivery of a click meets Teleport's one review per user, not a resolved request.
        _request = SampleRequests.Pending(Teleport.AddPendingRequest("discord_uid", ("alice@example.com", Requester), ("bob", Reviewer), approvals: 2));
        Assert.That(await _h.CreatedAsync(_request), Is.Null);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _owned.ForEach(o => o.Dispose());
        _owned = [];
        _h.Dispose();
        _appKey.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Interaction_Ping_PongAsJson()
    {
        var response = await DeliverAsync(_fake.PingBody());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(response.ContentType, Is.EqualTo("application/json"));
            Assert.That(response.Body, Is.EqualTo("{\"type\":1}"));
        });
    }

    [Test]
    public async Task Click_ApproveByBoundReviewer_ReviewRecordedAndEphemeralOutcome()
    {
        var response = await ClickAsync(ApproveId, Reviewer);

        var answer = Answer(response);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Type, Is.EqualTo(4));
            Assert.That(answer.Flags, Is.EqualTo(64), "ephemeral: only the clicking user sees it");
            Assert.That(answer.Content, Does.Contain("approval").And.Contain("recorded in Teleport as bob"));
            Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_request.Id, "bob", Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        });
    }

    [Test]
    public async Task Click_Deny_OpensReasonModalWhoseSubmissionRecordsTheDenialWithTheReason()
    {
        var modal = JsonDocument.Parse((await ClickAsync(DenyId, Reviewer)).Body).RootElement;
        var input = modal.GetProperty("data").GetProperty("components")[0].GetProperty("components")[0];
        Assert.Multiple(() =>
        {
            Assert.That(modal.GetProperty("type").GetInt32(), Is.EqualTo(9));
            Assert.That(modal.GetProperty("data").GetProperty("custom_id").GetString(), Is.EqualTo(DenyId));
            Assert.That(input.GetProperty("type").GetInt32(), Is.EqualTo(4));
            Assert.That(Teleport.Submissions, Is.Zero, "the click only asks for the reason");
        });

        var (body, _, _) = _fake.ModalSubmitBody(DenyId, input.GetProperty("custom_id").GetString()!, "  not during the freeze ", Reviewer);
        var answer = Answer(await DeliverAsync(body));

        Assert.Multiple(() =>
        {
            Assert.That(answer.Content, Does.Contain("denial").And.Contain("recorded in Teleport as bob"));
            Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_request.Id, "bob", Teleport.HostUser, AccessRequestState.Denied, "not during the freeze")));
        });
    }

    [TestCase("no signature headers")]
    [TestCase("signed by another key")]
    [TestCase("body changed after signing")]
    [TestCase("timestamp changed after signing")]
    [TestCase("signature not hex")]
    [TestCase("signature of the body alone")]
    public async Task Click_ForgedSignature_401AndNothingReachesTeleport(string forgery)
    {
        var (body, _, _) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);
        var timestamp = Now();
        using var other = Key.Create(SignatureAlgorithm.Ed25519);
        var headers = forgery switch
        {
            "no signature headers" => [],
            "signed by another key" => Signed(body, timestamp, other),
            "body changed after signing" => Signed(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(Reviewer, Stranger, StringComparison.Ordinal)), timestamp),
            "timestamp changed after signing" => new Dictionary<string, string>(Signed(body, timestamp)) { ["X-Signature-Timestamp"] = (long.Parse(timestamp, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) },
            "signature not hex" => new Dictionary<string, string> { ["X-Signature-Ed25519"] = new string('g', 128), ["X-Signature-Timestamp"] = timestamp },
            _ => new Dictionary<string, string> { ["X-Signature-Ed25519"] = Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_appKey, body)), ["X-Signature-Timestamp"] = timestamp },
        };

        var response = await Tally.ForgedAsync(Teleport, () => _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, headers));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(Teleport.Audit, Is.Empty);
            Assert.That(Teleport.Lookups + Teleport.Submissions, Is.Zero);
        });
    }

    [TestCase(-6)]
    [TestCase(6)]
    public async Task Click_SignedButTimestampOutsideFiveMinutes_401AndNothingSubmitted(int minutes)
    {
        var (body, _, _) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);

        var response = await _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, Signed(body, Now(TimeSpan.FromMinutes(minutes))));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_SameDeliveryTwice_OneReviewAndTheReplayAnsweredWithoutAskingTeleport()
    {
        var (body, _, _) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);
        var headers = Signed(body, Now());

        var first = Answer(await _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, headers));
        var second = Answer(await _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, headers));

        Assert.Multiple(() =>
        {
            Assert.That(first.Content, Does.Contain("recorded"));
            Assert.That(second.Content, Does.Contain("already received"));
            Assert.That(Teleport.Submissions, Is.EqualTo(1));
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Click_BodyOverTheHostsLimit_413AndNothingSubmitted()
    {
        var routes = new RecordingRouteRegistry { MaxBodyBytes = 256 };
        ((IInboundRouteProvider)_h.Adapter).MapRoutes(routes);
        var (body, _, _) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);
        Assert.That(body, Has.Length.GreaterThan(256));

        var response = await routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, Signed(body, Now()));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(413));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [TestCase("not json")]
    [TestCase("type a string")]
    [TestCase("no user")]
    [TestCase("another app's custom_id")]
    [TestCase("modal submit of approve")]
    public async Task Click_SignedButMalformed_400AndNothingSubmitted(string malformation)
    {
        var (click, _, _) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);
        var text = Encoding.UTF8.GetString(click);
        var body = malformation switch
        {
            "not json" => Encoding.UTF8.GetBytes("type=3&custom_id=" + ApproveId),
            "type a string" => Encoding.UTF8.GetBytes(text.Replace("\"type\":3", "\"type\":\"3\"", StringComparison.Ordinal)),
            "no user" => Encoding.UTF8.GetBytes(text.Replace("\"member\"", "\"someone\"", StringComparison.Ordinal)),
            "another app's custom_id" => Encoding.UTF8.GetBytes(text.Replace(ApproveId, "poll:vote:1", StringComparison.Ordinal)),
            _ => _fake.ModalSubmitBody(ApproveId, "reason", "x", Reviewer).Body,
        };

        var response = await Tally.MalformedAsync(Teleport, () => _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, Signed(body, Now())));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(400));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_UserBoundToNoTeleportUser_ToldWhyAndNothingSubmitted()
    {
        var answer = Answer(await ClickAsync(ApproveId, Stranger));

        Assert.Multiple(() =>
        {
            Assert.That(answer.Content, Does.Contain("not bound to a Teleport user").And.Contain("discord_uid").And.Contain(Stranger));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_RequesterApprovesOwnRequest_TeleportRefusesAndTheUserSeesWhy()
    {
        var answer = Answer(await ClickAsync(ApproveId, Requester));

        Assert.Multiple(() =>
        {
            Assert.That(answer.Content, Does.Contain("Teleport refused").And.Contain($"user \"alice@example.com\" cannot review request {_request.Id}"));
            Assert.That(Teleport.Audit, Is.Empty);
        });
    }

    [Test]
    public async Task Click_RequestAlreadyResolved_ToldNothingChanged()
    {
        Teleport.Resolve(_request.Id, AccessRequestState.Approved);
        var audit = Teleport.Audit;

        var answer = Answer(await ClickAsync(ApproveId, Reviewer));

        Assert.Multiple(() =>
        {
            Assert.That(answer.Content, Does.Contain("already resolved"));
            Assert.That(Teleport.Audit, Is.EqualTo(audit));
            Assert.That(Teleport.Reviews, Is.Empty);
        });
    }

    [Test]
    public async Task Click_SameDeliveryOnTwoReplicas_OneReviewInTeleport()
    {
        using var replica = (IDisposable)_h.CreateReplica(Options());
        var replicaRoutes = Routes((IAccessRequestAdapter)replica);
        var (body, _, _) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);

        var headers = Signed(body, Now());

        var answers = await Task.WhenAll(
            _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, headers),
            replicaRoutes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, headers));

        Assert.Multiple(() =>
        {
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
            Assert.That(answers.Select(a => Answer(a).Content), Has.One.Contains("recorded in Teleport"));
            Assert.That(answers.Select(a => Answer(a).Content), Has.One.Contains("bob has already reviewed"));
        });
    }

    [Test]
    public async Task Click_TeleportSlowerThanDiscordWaits_DeferredThenOriginalResponseEditedWithTheOutcome()
    {
        var (deferred, token) = await ClickWithSlowTeleportAsync();
        await WaitUntilAsync(() => _fake.OriginalResponses.ContainsKey(token));

        var edit = _fake.Server.RequestsTo("PATCH", $"/api/v10/webhooks/{DiscordApiFake.ApplicationId}/{token}/messages/@original").Single();
        Assert.Multiple(() =>
        {
            Assert.That(deferred.Type, Is.EqualTo(5));
            Assert.That(deferred.Flags, Is.EqualTo(64));
            Assert.That(_fake.OriginalResponses[token], Does.Contain("recorded in Teleport as bob"));
            Assert.That(edit.Header("Content-Type"), Does.StartWith("application/json"));
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Click_DeferredAndDiscordRefusesTheEdit_ReviewCountsAndTheTokenIsNeverLogged()
    {
        var (_, token) = await ClickWithSlowTeleportAsync(refuseEdit: true);
        await WaitUntilAsync(() => _h.Host.Logs.Lines.Any(l => l.Message.Contains("could not show the outcome", StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
            Assert.That(_fake.OriginalResponses, Is.Empty);
            Assert.That(_h.Host.Logs.Lines.Select(l => l.Message), Has.None.Contains(token));
        });
    }

    [Test]
    public async Task Updates_ReviewEnabled_ButtonsOnThePendingMessageAndGoneAfterResolution()
    {
        var message = MessageId();
        var atCreation = Buttons(message);
        Assert.That(await _h.ReviewAsync(_request.WithReview("carl@example.com", AccessRequestState.Approved, "ok")), Is.Null);
        var afterReview = Buttons(message);

        Assert.That(await _h.ResolvedAsync(_request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(atCreation, Is.EqualTo(new[] { ApproveId, DenyId }));
            Assert.That(afterReview, Is.EqualTo(new[] { ApproveId, DenyId }));
            Assert.That(_fake.Messages.Single(m => m.Id == message).Edits, Is.EqualTo(2));
            Assert.That(Buttons(message), Is.Null);
        });
    }

    [Test]
    public async Task Expired_ReviewEnabled_ButtonsGone()
    {
        var message = MessageId();

        Assert.That(await _h.ExpiredAsync(_request), Is.Null);

        Assert.That(Buttons(message), Is.Null);
        Assert.That(_fake.Messages.Single(m => m.Id == message).Content, Does.Contain("EXPIRED"));
    }

    [Test]
    public async Task Created_ReviewDisabled_NoButtonsNoComponentsAndNoRoute()
    {
        using var h = Start(o => o.Review = new DiscordReviewOptions());
        var routes = new RecordingRouteRegistry();
        (h.Adapter as IInboundRouteProvider)?.MapRoutes(routes);
        var request = SampleRequests.Pending("no-buttons");

        Assert.That(await h.CreatedAsync(request), Is.Null);
        Assert.That(await h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, "no")), Is.Null);

        var message = _fake.RootMessages.Single(m => m.Footer == "Access request no-buttons");
        var writes = _fake.Server.Requests.Where(r => r.Path.EndsWith("/messages", StringComparison.Ordinal) || r.Path.EndsWith(message.Id, StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(routes.Paths, Is.Empty);
            Assert.That(message.Buttons, Is.Null);
            Assert.That(writes.Where(r => r.Body.Contains("no-buttons", StringComparison.Ordinal) || r.Method == "PATCH").Select(r => r.Body), Has.None.Contains("components"));
        });
    }

    [Test]
    public void Options_ReviewEnabledWithoutAValidKeyOrWithEmailMatch_EachErrorNamesItsKey()
    {
        var missing = new DiscordReviewOptions { Enabled = true };
        var notAKey = new DiscordReviewOptions { Enabled = true, PublicKey = new string('z', 64), AllowEmailUsernameMatch = true };

        Assert.Multiple(() =>
        {
            Assert.That(OptionsValidation.Validate(missing).SelectMany(r => r.MemberNames), Is.EqualTo(new[] { nameof(DiscordReviewOptions.PublicKey) }));
            Assert.That(OptionsValidation.Validate(notAKey).SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { nameof(DiscordReviewOptions.PublicKey), nameof(DiscordReviewOptions.AllowEmailUsernameMatch) }));
            Assert.That(OptionsValidation.Validate(Options().Review), Is.Empty);
            Assert.That(OptionsValidation.Validate(new DiscordReviewOptions()), Is.Empty, "off by default, nothing required");
            Assert.That(new DiscordOptions().Review.UserIdTrait, Is.EqualTo("discord_uid"));
        });
    }

    private static (int Type, int? Flags, string? Content) Answer(InboundResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        Assert.That(response.ContentType, Is.EqualTo("application/json"));
        var root = JsonDocument.Parse(response.Body).RootElement;
        var data = root.TryGetProperty("data", out var d) ? d : default;
        return (
            root.GetProperty("type").GetInt32(),
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty("flags", out var flags) ? flags.GetInt32() : null,
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty("content", out var content) ? content.GetString() : null);
    }

    private static RecordingRouteRegistry Routes(IAccessRequestAdapter adapter)
    {
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)adapter).MapRoutes(routes);
        return routes;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>
    /// A click while Teleport is slower than Discord waits: the answer after <see cref="DiscordInteractionHandler.AnswerWithin"/>
    /// on the fake clock, then Teleport answers.
    /// </summary>
    private async Task<((int Type, int? Flags, string? Content) Answer, string Token)> ClickWithSlowTeleportAsync(bool refuseEdit = false)
    {
        var slow = new GatedReviews(Teleport);
        var context = _h.Host.Context;
        var adapter = new DiscordAdapterFactory().Create(
            new AdapterContext { Name = context.Name, Logger = context.Logger, HttpClient = context.HttpClient, TimeProvider = _clock, Reviews = context.Reviews, OnBehalfReviews = slow },
            Options());
        _owned.Add((IDisposable)adapter);
        var (body, _, token) = _fake.ClickBody(MessageId(), ApproveId, Reviewer);
        if (refuseEdit)
        {
            _fake.Server.FailNext("PATCH", $"/api/v10/webhooks/{DiscordApiFake.ApplicationId}/{token}/messages/@original", new FakeResponse(401, "{\"message\":\"Invalid Webhook Token\",\"code\":50027}"));
        }

        var timers = _clock.ActiveTimers;
        var pending = Routes(adapter).PostAsync(DiscordAdapterFactory.InteractionsRoute, body, Signed(body, Now()));
        await WaitUntilAsync(() => _clock.ActiveTimers > timers);
        _clock.Advance(DiscordInteractionHandler.AnswerWithin);
        var answer = Answer(await pending.WaitAsync(TimeSpan.FromSeconds(30)));
        slow.Release();
        return (answer, token);
    }

    private IReadOnlyList<string>? Buttons(string messageId) => _fake.Messages.Single(m => m.Id == messageId).Buttons;

    private string MessageId() => _fake.RootMessages.First(m => m.Footer == $"Access request {_request.Id}").Id;

    private string Now(TimeSpan offset = default) => (_clock.GetUtcNow() + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The headers Discord sends: the Ed25519 signature of the timestamp followed by the raw body.</summary>
    private Dictionary<string, string> Signed(byte[] body, string timestamp, Key? key = null) => new()
    {
        ["X-Signature-Ed25519"] = Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(key ?? _appKey, [.. Encoding.UTF8.GetBytes(timestamp), .. body])),
        ["X-Signature-Timestamp"] = timestamp,
    };

    private Task<InboundResponse> DeliverAsync(byte[] body) => _routes.PostAsync(DiscordAdapterFactory.InteractionsRoute, body, Signed(body, Now()));

    private Task<InboundResponse> ClickAsync(string customId, string userId) => DeliverAsync(_fake.ClickBody(MessageId(), customId, userId).Body);

    private DiscordOptions Options(Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions
        {
            Token = _fake.Token,
            ApiUrl = _fake.ApiUrl,
            Review = new DiscordReviewOptions { Enabled = true, PublicKey = Convert.ToHexStringLower(_appKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)) },
        };
        configure?.Invoke(options);
        return options;
    }

    private AdapterHarness Start(Action<DiscordOptions>? configure = null) =>
        new(new DiscordAdapterFactory(), Options(configure), _clock, Recipients(("*", [Ops])), onBehalfReviews: Teleport);

    /// <summary>Teleport (the simulator), with every submission held until released: a slow Auth Service.</summary>
    private sealed class GatedReviews(IOnBehalfReviewService teleport) : IOnBehalfReviewService
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsAvailable => true;

        public void Release() => _gate.TrySetResult();

        public Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken) => teleport.FindReviewerAsync(binding, cancellationToken);

        public async Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return await teleport.SubmitAsync(review, cancellationToken);
        }
    }
}
