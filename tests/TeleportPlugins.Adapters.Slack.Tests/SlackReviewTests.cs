using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Simulator.Testing;
using static TeleportPlugins.Adapters.Slack.Tests.SlackHarness;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>
/// Approve and Deny from Slack over the HTTP interactivity endpoint: Slack's signed deliveries (the fake signs them as
/// Slack does) against the simulator through the host's on-behalf review service, which applies Teleport's rules and records what it accepted.
/// </summary>
public sealed class SlackReviewTests() : ToolReviewFixture("Slack")
{
    [Test]
    public async Task Interactivity_ValidApproveClick_ReviewRecordedAsTheBoundUserAndUserToldEphemerally()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);

        var response = await r.ClickAsync("U0BOB", SlackBlock.ApproveAction);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(r.Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(r.RequestId, "bob@example.com", r.Teleport.HostUser, AccessRequestState.Approved, string.Empty)));
        var told = r.Fake.Ephemerals.Single();
        Assert.That((told.Channel, told.User), Is.EqualTo(("C0GENERAL", "U0BOB")));
        Assert.That(told.Text, Does.Contain($"Your approval of request {r.RequestId} was recorded in Teleport as bob@example.com"));
        Assert.That(r.Fake.Server.RequestsTo("POST", "/api/chat.postEphemeral").Single().Header("authorization"), Is.EqualTo($"Bearer {r.Fake.Token}"));
        Assert.That(r.Fake.Server.RequestsTo("GET", "/api/users.info"), Is.Empty, "no e-mail look-up unless allow_email_username_match");
    }

    [Test]
    public async Task Interactivity_ValidDenyClick_AsksAReasonInAModalThenDeniesWithIt()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);

        var click = await r.ClickAsync("U0BOB", SlackBlock.DenyAction);

        Assert.That(click.StatusCode, Is.EqualTo(200));
        Assert.That(r.Teleport.Submissions, Is.Zero, "nothing is submitted before the reason is given");
        var view = r.Fake.OpenedViews.Single();
        Assert.That(view.CallbackId, Is.EqualTo(SlackInteractions.DenyCallbackId));
        Assert.That(view.PrivateMetadata, Does.Contain(r.RequestId).And.Contain("C0GENERAL"));

        var submitted = await r.DeliverAsync(SlackApiFake.ViewSubmission(view, "U0BOB", "not during the freeze"));

        Assert.That((submitted.StatusCode, submitted.Body), Is.EqualTo((200, string.Empty)), "an empty 200 closes the modal");
        Assert.That(r.Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(r.RequestId, "bob@example.com", r.Teleport.HostUser, AccessRequestState.Denied, "not during the freeze")));
        Assert.That(r.Fake.Ephemerals.Single().Text, Does.Contain($"Your denial of request {r.RequestId} was recorded"));
    }

    [Test]
    public async Task Interactivity_ForgedSignatures_401AndNothingSubmitted()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        var payload = r.Fake.BlockActions("U0BOB", SlackBlock.ApproveAction, r.RequestId);
        var now = r.Clock.GetUtcNow();
        var (body, headers) = r.Fake.Sign(payload, now);
        var forged = new List<(byte[] Body, Dictionary<string, string> Headers)>
        {
            r.Fake.Sign(payload, now, secret: "not-the-signing-secret"),
            (body, Without(headers, "X-Slack-Signature")),
            (body, Without(headers, "X-Slack-Request-Timestamp")),
            (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("approve_button", "deny_button", StringComparison.Ordinal)), headers),
            (body, With(headers, "X-Slack-Request-Timestamp", (now.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (body, With(headers, "X-Slack-Signature", headers["X-Slack-Signature"].Replace("v0=", "v1=", StringComparison.Ordinal))),
            (body, With(headers, "X-Slack-Signature", "v0=not-hex")),
            (body, With(headers, "X-Slack-Signature", string.Empty)),
        };

        foreach (var (forgedBody, forgedHeaders) in forged)
        {
            var response = await Tally.ForgedAsync(r.Teleport, () => r.PostAsync(forgedBody, forgedHeaders));
            Assert.That(response.StatusCode, Is.EqualTo(401));
        }

        await r.IdleAsync();
        Assert.That(r.Teleport.Audit, Is.Empty);
        Assert.That(r.Fake.Ephemerals, Is.Empty);
        Assert.That(r.Logs, Has.None.Contains(r.Fake.SigningSecret));
    }

    [TestCase(-6)]
    [TestCase(6)]
    public async Task Interactivity_TimestampOutsideFiveMinutes_401AndNothingSubmitted(int minutes)
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);

        var response = await Tally.ForgedAsync(r.Teleport, () => r.DeliverAsync(r.Fake.BlockActions("U0BOB", SlackBlock.ApproveAction, r.RequestId), r.Clock.GetUtcNow().AddMinutes(minutes)));

        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(r.Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Interactivity_SameDeliveryTwice_OneReview()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        var delivery = r.Fake.Sign(r.Fake.BlockActions("U0BOB", SlackBlock.ApproveAction, r.RequestId), r.Clock.GetUtcNow());

        var first = await r.PostAsync(delivery.Body, delivery.Headers);
        var replayed = await r.PostAsync(delivery.Body, delivery.Headers);
        await r.IdleAsync();

        Assert.That((first.StatusCode, replayed.StatusCode), Is.EqualTo((200, 200)), "a retried delivery is acknowledged so Slack stops retrying");
        Assert.That(r.Teleport.Submissions, Is.EqualTo(1));
        Assert.That(r.Teleport.Reviews, Has.Count.EqualTo(1));
        Assert.That(r.Fake.Ephemerals, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Interactivity_BodyOverTheHostsLimit_413BeforeAnythingIsRead()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport, maxBodyBytes: 2048);
        var (body, headers) = r.Fake.Sign(r.Fake.BlockActions("U0BOB", SlackBlock.ApproveAction, r.RequestId + new string(' ', 4096)), r.Clock.GetUtcNow());

        var response = await Tally.MalformedAsync(r.Teleport, () => r.PostAsync(body, headers));

        Assert.That(body, Has.Length.GreaterThan(r.Routes.MaxBodyBytes));
        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(r.Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task Interactivity_MalformedSignedBodies_400AndNothingSubmitted()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        var now = r.Clock.GetUtcNow();
        var bodies = new List<byte[]>
        {
            Encoding.UTF8.GetBytes("payload=%7Bnot-json"),
            Encoding.UTF8.GetBytes("token=abc&text=hello"),
            Encoding.UTF8.GetBytes(string.Empty),
        };
        var payloads = new[]
        {
            """{"type":"block_actions","actions":[{"action_id":"approve_button","value":"x"}],"channel":{"id":"C0GENERAL"}}""",
            """{"type":"block_actions","user":{"id":"U0BOB"},"actions":[{"action_id":"approve_button"}],"channel":{"id":"C0GENERAL"}}""",
            """{"type":"block_actions","user":{"id":"U0BOB"},"actions":[{"action_id":"deny_button","value":"x"}],"channel":{"id":"C0GENERAL"}}""",
            """{"type":"view_submission","user":{"id":"U0BOB"},"view":{"callback_id":"teleport_deny_reason","private_metadata":"not json"}}""",
            """{"user":{"id":"U0BOB"}}""",
            """[1,2,3]""",
        };
        bodies.AddRange(payloads.Select(p => Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(p))));

        foreach (var body in bodies)
        {
            var response = await Tally.MalformedAsync(r.Teleport, () => r.PostAsync(body, r.Fake.SignBody(body, now)));
            Assert.That(response.StatusCode, Is.EqualTo(400), Encoding.UTF8.GetString(body));
        }

        await r.IdleAsync();
        Assert.That(r.Teleport.Audit, Is.Empty);
        Assert.That(r.Teleport.Lookups, Is.Zero);
        Assert.That(r.Fake.OpenedViews, Is.Empty);
    }

    [Test]
    public async Task Interactivity_UnmappedUser_ToldWhyAndNothingSubmitted()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        r.Fake.AddUser("carol@example.com", "U0CAROL");

        await r.ClickAsync("U0CAROL", SlackBlock.ApproveAction);

        Assert.That(r.Teleport.Audit, Is.Empty);
        var told = r.Fake.Ephemerals.Single();
        Assert.That(told.User, Is.EqualTo("U0CAROL"));
        Assert.That(told.Text, Does.Contain("not bound to a Teleport user").And.Contain("'slack_uid'").And.Contain("U0CAROL"));
    }

    [Test]
    public async Task Interactivity_EmailMatchAllowed_BindsBySlackEmailFromUsersInfo()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport, review => review.AllowEmailUsernameMatch = true);
        r.Fake.AddUser("carol@example.com", "U0CAROL");
        r.Teleport.AddUser("carol@example.com");

        await r.ClickAsync("U0CAROL", SlackBlock.ApproveAction);

        Assert.That(r.Teleport.Reviews.Single().Author, Is.EqualTo("carol@example.com"));
        var lookup = r.Fake.Server.RequestsTo("GET", "/api/users.info").Single();
        Assert.That((lookup.Query, lookup.Header("authorization")), Is.EqualTo(("?user=U0CAROL", $"Bearer {r.Fake.Token}")));
    }

    [Test]
    public async Task Interactivity_RequesterApprovesOwnRequest_TeleportRefusesAndTheUserSeesWhy()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);

        await r.ClickAsync("U0ALICE", SlackBlock.ApproveAction);

        Assert.That(r.Teleport.Audit, Is.Empty);
        Assert.That(r.Teleport.StateOf(r.RequestId), Is.EqualTo(AccessRequestState.Pending));
        Assert.That(r.Fake.Ephemerals.Single().Text, Does.Contain("Teleport refused the approval by alice@example.com").And.Contain($"user \"alice@example.com\" cannot review request {r.RequestId}"));
    }

    [Test]
    public async Task Interactivity_RequestAlreadyResolved_NothingChangesAndTheUserIsTold()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        r.Teleport.Resolve(r.RequestId, AccessRequestState.Denied);
        var audit = r.Teleport.Audit;

        await r.ClickAsync("U0BOB", SlackBlock.ApproveAction);

        Assert.That(r.Teleport.Audit, Is.EqualTo(audit));
        Assert.That(r.Teleport.Reviews, Is.Empty);
        Assert.That(r.Teleport.StateOf(r.RequestId), Is.EqualTo(AccessRequestState.Denied));
        Assert.That(r.Fake.Ephemerals.Single().Text, Does.Contain($"request {r.RequestId} is already resolved or expired"));
    }

    [Test]
    public async Task Interactivity_TwoReplicasReceiveTheSameCallback_OneReview()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        var replica = r.H.CreateReplica(o => o.Review = r.Options);
        var replicaRoutes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)replica).MapRoutes(replicaRoutes);
        var (body, headers) = r.Fake.Sign(r.Fake.BlockActions("U0BOB", SlackBlock.ApproveAction, r.RequestId), r.Clock.GetUtcNow());

        var first = await r.PostAsync(body, headers);
        var second = await replicaRoutes.PostAsync(SlackAdapter.InteractivityPath, body, headers);
        await r.IdleAsync();
        await ((SlackAdapter)replica).IdleAsync();
        ((IDisposable)replica).Dispose();

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((200, 200)));
        Assert.That(r.Teleport.Reviews, Has.Count.EqualTo(1));
        Assert.That(r.Fake.Ephemerals.Select(e => e.Text), Has.Exactly(1).Contains("was recorded").And.Exactly(1).StartsWith("Nothing changed"));
    }

    [Test]
    public async Task Interactivity_EphemeralReplyFails_ReviewStandsAndTheFailureIsLogged()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        r.Fake.FailWithServerError("chat.postEphemeral", 500);

        var response = await r.ClickAsync("U0BOB", SlackBlock.ApproveAction);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(r.Teleport.Reviews, Has.Count.EqualTo(1));
        Assert.That(r.Logs, Has.Some.Contains("the click of user U0BOB on request " + r.RequestId + " could not be completed"));
    }

    [Test]
    public async Task Review_DisabledByDefault_NoButtonsAndNoRoute()
    {
        await using var h = await StartAsync();
        var routes = new RecordingRouteRegistry();

        ((IInboundRouteProvider)h.Adapter).MapRoutes(routes);
        await h.CreatedAsync(SampleRequests.Pending());

        Assert.That(new SlackOptions().Review.Enabled, Is.False);
        Assert.That(routes.Paths, Is.Empty);
        Assert.That(h.Fake.RootMessages.Single().Buttons, Is.Empty);
    }

    [Test]
    public async Task Review_Enabled_ButtonsOnThePendingMessageAndGoneAfterResolution()
    {
        await using var r = await ReviewHarness.StartAsync(Teleport);
        var request = SampleRequests.Pending();

        await r.H.CreatedAsync(request);
        await r.H.ReviewAsync(request.WithReview("carol@example.com", AccessRequestState.Approved, "ok"));
        var whilePending = r.Fake.Updates.ToList();
        await r.H.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok"));

        var buttons = r.Fake.RootMessages.Single(m => m.Channel == "C0GENERAL").Buttons!;
        Assert.That(buttons.Select(b => (b.ActionId, b.Value, b.Label, b.BlockId)), Is.EqualTo(new[]
        {
            ("approve_button", request.Id, "Approve", "review_block"),
            ("deny_button", request.Id, "Deny", "review_block"),
        }));
        Assert.That(whilePending.Select(u => u.Buttons!.Count), Has.All.EqualTo(2), "a review's update keeps them while the request is pending");
        Assert.That(r.Fake.Updates[^1].Buttons, Is.Empty);
        Assert.That(r.Fake.Updates[^1].BlocksText, Does.Contain("APPROVED"));
    }

    [Test]
    public void Options_EnabledWithoutTheModesSecret_ErrorNamesTheKey()
    {
        var http = new SlackReviewOptions { Enabled = true };
        var socket = new SlackReviewOptions { Enabled = true, Mode = "socket" };
        var botToken = new SlackReviewOptions { Enabled = true, Mode = "socket", AppToken = "xoxb-not-an-app-token" };
        var badMode = new SlackReviewOptions { Mode = "webhook" };

        Assert.That(OptionsValidation.Validate(http).Select(r => KeyOf(r.MemberNames.Single())), Is.EqualTo(new[] { "signing_secret" }));
        Assert.That(OptionsValidation.Validate(socket).Select(r => KeyOf(r.MemberNames.Single())), Is.EqualTo(new[] { "app_token" }));
        Assert.That(OptionsValidation.Validate(botToken).Single().ErrorMessage, Does.Contain("xapp-").And.Not.Contain("xoxb-not-an-app-token"));
        Assert.That(OptionsValidation.Validate(badMode).Select(r => KeyOf(r.MemberNames.Single())), Is.EqualTo(new[] { "mode" }));
    }

    [Test]
    public void Options_Defaults_DisabledValidTraitSlackUidSecretsMarked()
    {
        var options = new SlackReviewOptions();

        Assert.That(OptionsValidation.Validate(options), Is.Empty);
        Assert.That((options.Enabled, options.Mode, options.UserIdTrait, options.AllowEmailUsernameMatch), Is.EqualTo((false, "http", "slack_uid", false)));
        Assert.That(OptionsValidation.Validate(new SlackReviewOptions { Enabled = true, SigningSecret = "s" }), Is.Empty);
        Assert.That(OptionsValidation.Validate(new SlackReviewOptions { Enabled = true, Mode = "socket", AppToken = "xapp-1-x" }), Is.Empty);
        Assert.That(typeof(SlackReviewOptions).GetProperty(nameof(SlackReviewOptions.SigningSecret))!.GetCustomAttribute<SecretAttribute>(), Is.Not.Null);
        Assert.That(typeof(SlackReviewOptions).GetProperty(nameof(SlackReviewOptions.AppToken))!.GetCustomAttribute<SecretAttribute>(), Is.Not.Null);
        Assert.That(typeof(SlackOptions).GetProperty(nameof(SlackOptions.Review))!.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name, Is.EqualTo("review"));
    }

    private static string KeyOf(string property) =>
        typeof(SlackReviewOptions).GetProperty(property)!.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name;

    private static Dictionary<string, string> Without(Dictionary<string, string> headers, string name) =>
        headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string> With(Dictionary<string, string> headers, string name, string value) =>
        new(headers, StringComparer.OrdinalIgnoreCase) { [name] = value };
}
