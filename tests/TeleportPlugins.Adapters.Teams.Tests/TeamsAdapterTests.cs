using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Teams;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Teams.Tests;

public sealed class TeamsAdapterTests
{
    private const string Bob = "bob@example.com";
    private const string Carol = "carol@example.com";
    private const string TeamId = "2a7c4e1f-9b3d-4f6a-8c0e-5d1b7a3f9e24";
    private const string ChannelConversation = "19:c0ffee5a1b2c4d6e8f@thread.tacv2";
    private TeamsApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await TeamsApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        _h = Start();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task CheckHealth_AppInCatalog_HealthyWithBothAudiencesTokens()
    {
        var health = await _h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        Assert.That(health.Description, Does.Contain(TeamsApiFake.TeamsAppId).And.Contain(_fake.TenantId));
        var tokenRequests = _fake.Server.RequestsTo("POST", $"/login/{_fake.TenantId}/oauth2/v2.0/token");
        Assert.That(tokenRequests.Select(r => r.Body), Has.Some.Contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default").And.Some.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default"));
        Assert.That(tokenRequests.Select(r => r.Body), Is.All.Contains("grant_type=client_credentials"));
        var catalog = _fake.Server.RequestsTo("GET", "/graph/v1.0/appCatalogs/teamsApps").Single();
        Assert.That(catalog.QueryValue("$filter"), Is.EqualTo($"externalId eq '{TeamsApiFake.TeamsAppId}'"));
        Assert.That(catalog.Header("Authorization"), Does.StartWith("Bearer eyJ0eXAi.graph."));
    }

    [Test]
    public async Task CheckHealth_AppMissingFromCatalog_UnhealthyNamingAppAndTenant()
    {
        _fake.RemoveCatalogApp();

        var health = await _h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain($"Teams app {TeamsApiFake.TeamsAppId} is not in the app catalog of tenant {_fake.TenantId}"));
    }

    [Test]
    public async Task CheckHealth_TokenRefused_UnhealthyNamingTenantAndApp_NeverTheSecret()
    {
        using var bad = Start(o => o.AppSecret = "teams-wrong-secret~77");

        var health = await bad.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain($"app {_fake.AppId} in tenant {_fake.TenantId}").And.Contain("HTTP 401").And.Contain("invalid_client, AADSTS7000215"));
        Assert.That(health.Description, Does.Not.Contain("teams-wrong-secret~77").And.Not.Contain(_fake.Secret));
        Assert.That(bad.Host.Logs.Lines.Select(l => l.Message), Has.None.Contains("teams-wrong-secret~77"));
    }

    [Test]
    public async Task Created_UserByEmail_InstallsAppFindsChat_PostsOneCardWithOpenLink()
    {
        var request = SampleRequests.Pending();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var card = _fake.Cards.Single();
        Assert.That(card.ConversationId, Is.EqualTo(TeamsApiFake.ChatId(Bob)));
        Assert.That(card.Content, Does.StartWith("You have a new Role Request:\n**ID**: 0b3e8a4c-7d2f").And.Contain("**Status**: ⏳ PENDING"));
        Assert.That(card.Content, Does.Contain("**User**: alice@example.com").And.Contain("**Reason**: Investigating incident INC-42"));
        Assert.That(card.OpenUrl, Is.EqualTo(request.WebUiLink));
        Assert.That(_fake.Installs, Is.EqualTo(1));
        var install = _fake.Server.RequestsTo("POST", $"/graph/v1.0/users/{TeamsApiFake.UserId(Bob)}/teamwork/installedApps").Single();
        Assert.That(install.Body, Does.Contain($"\"teamsApp@odata.bind\":\"{_fake.GraphUrl}appCatalogs/teamsApps/{TeamsApiFake.CatalogAppId}\""));
        var post = _fake.Server.Requests.Single(r => r.Method == "POST" && r.Path.StartsWith("/bot/", StringComparison.Ordinal));
        Assert.That(post.Header("Authorization"), Does.StartWith("Bearer eyJ0eXAi.bot."));
        Assert.That(_h.State.Get("messages"), Is.EqualTo($"{TeamsApiFake.ChatId(Bob)}/{card.Id}"));
        Assert.That(_fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_UserIdAndChannelUrlAndSuggestedReviewer_OneCardEach_ResolvedOnlyOnce()
    {
        var channel = _fake.AddChannel(TeamId, ChannelConversation);
        _fake.InstallFor(Carol);
        using var h = Start(o => o.RoleToRecipients = Recipients(("*", [TeamsApiFake.UserId(Bob), channel])));
        var request = SampleRequests.Pending() with { SuggestedReviewers = [Carol, "not-an-address"] };

        Assert.That(await h.CreatedAsync(request), Is.Null);
        Assert.That(await h.CreatedAsync(SampleRequests.Pending(id: "second-request")), Is.Null);

        Assert.That(_fake.Cards.Take(3).Select(c => c.ConversationId), Is.EqualTo(new[] { TeamsApiFake.ChatId(Bob), ChannelConversation, TeamsApiFake.ChatId(Carol) }));
        Assert.That(_fake.Installs, Is.EqualTo(2), "bob's installed now, carol's already was");
        Assert.That(_fake.Server.Requests.Count(r => r.Path.Contains("/installedApps", StringComparison.Ordinal) && r.Method == "GET" && r.Path.Contains(TeamsApiFake.UserId(Bob), StringComparison.Ordinal)), Is.EqualTo(3), "listed, installed, listed again, its chat read; remembered for the second request");
        Assert.That(_fake.Server.RequestsTo("GET", $"/graph/v1.0/teams/{TeamId}/installedApps").Single().QueryValue("$filter"), Is.EqualTo($"teamsApp/id eq '{TeamsApiFake.CatalogAppId}'"));
    }

    [Test]
    public async Task Created_UnresolvableRecipients_SkippedWithOneWarningEach_OthersPosted()
    {
        var noApp = _fake.AddChannel("9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b", "19:noapp@thread.tacv2", appInstalled: false);
        using var h = Start(o => o.RoleToRecipients = Recipients(("*", ["nobody@example.com", noApp, Bob, "6d7e8f90-0000-4000-8000-000000000001"])));

        Assert.That(await h.CreatedAsync(SampleRequests.Pending()), Is.Null);

        Assert.That(_fake.Cards.Select(c => c.ConversationId), Is.EqualTo(new[] { TeamsApiFake.ChatId(Bob) }));
        var warnings = h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.That(warnings, Has.Count.EqualTo(3));
        Assert.That(warnings, Has.Exactly(1).Contains("nobody@example.com").And.Exactly(1).Contains("19%3Anoapp").And.Exactly(1).Contains("6d7e8f90-0000-4000-8000-000000000001"));
    }

    [Test]
    public async Task SendAccessListReminder_OwnerWithTheApp_PlainMessageInTheOwnersChat()
    {
        _fake.InstallFor(Carol);
        var reminder = new AccessListReminder(
            "payroll", "Payroll admins", Carol, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 4, new Uri("https://teleport.example.com/web/accesslists/payroll"));

        await ((IAccessListReminderSender)_h.Adapter).SendAccessListReminderAsync(reminder, CancellationToken.None);

        var message = _fake.Activities.Single(a => a.ConversationId == TeamsApiFake.ChatId(Carol));
        Assert.That(message.IsCard, Is.False);
        Assert.That(message.Content, Does.Contain("Access List Payroll admins is 4 day(s) past due for a review! Please review it.").And.Contain("/web/accesslists/payroll"));
    }

    [Test]
    public async Task Lifecycle_TwoReviewsThenApproved_CardUpdatedInPlace_RepliesAndRequesterNotified()
    {
        _fake.InstallFor("alice@example.com");
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var first = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "looks fine");
        var second = first.Request.WithReview("reviewer2@example.com", AccessRequestState.Approved, "ok");

        Assert.That(await _h.ReviewAsync(first), Is.Null);
        Assert.That(await _h.ReviewAsync(second), Is.Null);
        Assert.That(await _h.ResolvedAsync(second.Request.Resolved(AccessRequestState.Approved, "two approvals")), Is.Null);

        var card = _fake.Cards.Single();
        Assert.That(card.Updates, Is.EqualTo(3));
        Assert.That(card.Content, Does.Contain("**Status**: ✅ APPROVED").And.Contain("**Resolution reason**: two approvals"));
        Assert.That(card.Content, Does.Contain("**Reviews**:\n✅ APPROVED reviewer1@example.com: looks fine\n✅ APPROVED reviewer2@example.com: ok"));
        Assert.That(card.OpenUrl, Is.EqualTo(request.WebUiLink), "the update keeps the Open button");
        var replies = _fake.Activities.Where(a => a.ReplyTo == card.Id).ToList();
        Assert.That(replies, Has.Count.EqualTo(2));
        Assert.That(replies.Select(r => r.Content), Has.Some.Contains("reviewer2@example.com reviewed the request"));
        var requester = _fake.Activities.Single(a => a.ConversationId == TeamsApiFake.ChatId("alice@example.com"));
        Assert.That(requester.IsCard, Is.False);
        Assert.That(requester.Content, Does.Contain("has been updated: **✅ APPROVED**"));
        Assert.That(_fake.Server.Requests.Count(r => r.Method == "PUT"), Is.EqualTo(3));
    }

    [Test]
    public async Task Resolved_Denied_CardShowsDenied()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, "not now")), Is.Null);

        Assert.That(_fake.Cards.Single().Content, Does.Contain("**Status**: ❌ DENIED").And.Contain("**Resolution reason**: not now"));
    }

    [Test]
    public async Task Expired_BareSnapshotAfterRestart_CardShowsExpiredWithStoredDetails()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var restarted = _h.CreateReplica(Options());

        Assert.That(await _h.ExpiredAsync(request.Bare(), restarted), Is.Null);

        var card = _fake.Cards.Single();
        Assert.That(card.Updates, Is.EqualTo(1));
        Assert.That(card.Content, Does.Contain("⌛ EXPIRED").And.Contain("**User**: alice@example.com"));
    }

    [Test]
    public async Task Restart_CreatedAgainThenReviewed_NoCardPostedTwice()
    {
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var restarted = _h.CreateReplica(Options());

        Assert.That(await _h.CreatedAsync(request, restarted), Is.Null);
        Assert.That(await _h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "no"), restarted), Is.Null);

        Assert.That(_fake.Cards, Has.Count.EqualTo(1));
        Assert.That(_fake.Cards.Single().Updates, Is.EqualTo(1));
    }

    [Test]
    public async Task TwoReplicas_RateLimitedOnOne_OtherFinishes_NoDuplicates()
    {
        _fake.AddChannel(TeamId, ChannelConversation);
        var map = Recipients(("*", [Bob, Carol]));
        using var h = Start(o => o.RoleToRecipients = map);
        var replica = h.CreateReplica(Options(o => o.RoleToRecipients = map));
        var request = SampleRequests.Pending();
        _fake.RateLimitConnector(count: 1, retryAfterSeconds: 3, afterSuccesses: 1);

        var failure = await h.CreatedAsync(request);
        Assert.That(failure, Is.TypeOf<TransientAdapterException>());
        Assert.That(((TransientAdapterException)failure!).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(await h.CreatedAsync(request, replica), Is.Null);
        var reviewed = request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "no");
        _fake.RateLimitConnector(count: 1, retryAfterSeconds: 2, afterSuccesses: 1);
        Assert.That(await h.ReviewAsync(reviewed), Is.TypeOf<TransientAdapterException>());
        Assert.That(await h.ReviewAsync(reviewed, replica), Is.Null);

        Assert.That(_fake.Cards.Select(c => c.ConversationId), Is.EquivalentTo(new[] { TeamsApiFake.ChatId(Bob), TeamsApiFake.ChatId(Carol) }));
        Assert.That(_fake.Cards.Select(c => _fake.Activities.Count(a => a.ReplyTo == c.Id)), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Graph429_RecipientDeferredWithRetryAfter_RetryPostsOnce()
    {
        _fake.RateLimitGraph(count: 1, retryAfterSeconds: 7);

        var failure = await _h.CreatedAsync(SampleRequests.Pending());

        Assert.That(failure, Is.TypeOf<TransientAdapterException>());
        Assert.That(((TransientAdapterException)failure!).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(failure.Message, Does.Contain("Microsoft Graph").And.Contain("HTTP 429"));
        Assert.That(_fake.Cards, Is.Empty);
        Assert.That(await _h.CreatedAsync(SampleRequests.Pending()), Is.Null);
        Assert.That(_fake.Cards, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TokenExpiresMidRun_RefreshedBeforeExpiry_NoCallRefused()
    {
        _fake.TokenLifetime = 600;
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var issued = _fake.TokensIssued;

        _clock.Advance(TimeSpan.FromSeconds(530));
        Assert.That(await _h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok")), Is.Null);
        Assert.That(_fake.TokensIssued, Is.EqualTo(issued), "still fresh: reused");

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "done")), Is.Null);

        Assert.That(_fake.TokensIssued, Is.GreaterThan(issued), "renewed in the last minute of its life, before it expired");
        Assert.That(_fake.Server.Requests.Where(r => r.Path.StartsWith("/bot/", StringComparison.Ordinal) || r.Path.StartsWith("/graph/", StringComparison.Ordinal)).Select(r => r.Header("Authorization")), Has.None.Null);
        Assert.That(_fake.Cards.Single().Updates, Is.EqualTo(2));
        Assert.That(_fake.Server.Requests.Count(r => r.Method == "PUT"), Is.EqualTo(2), "no update refused as unauthorized");
    }

    [Test]
    public async Task TokenRevoked_StepTransient_RetryGetsANewTokenAndPostsOnce()
    {
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _fake.RevokeTokens();

        var failure = await _h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, "no"));
        Assert.That(failure, Is.TypeOf<TransientAdapterException>());
        Assert.That(failure!.Message, Does.Contain("HTTP 401").And.Contain("a new token is requested"));
        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, "no")), Is.Null);

        Assert.That(_fake.Cards.Single().Updates, Is.EqualTo(1));
        Assert.That(_fake.Cards.Single().Content, Does.Contain("❌ DENIED"));
    }

    [Test]
    public async Task Secrets_TokenRefusedDuringSteps_NeverInExceptionsOrLogs()
    {
        using var bad = Start(o => o.AppSecret = "teams-step-secret~91");
        var failures = new List<Exception?> { await bad.CreatedAsync(SampleRequests.Pending()) };
        failures.Add(await bad.CreatedAsync(SampleRequests.Pending()));

        Assert.That(failures, Has.All.Not.Null);
        var texts = failures.Select(e => e!.ToString()).Concat(bad.Host.Logs.Lines.Select(l => l.Message)).ToList();
        Assert.That(texts, Has.Some.Contains($"app {_fake.AppId} in tenant {_fake.TenantId}"));
        Assert.That(texts, Has.None.Contains("teams-step-secret~91").And.None.Contains(_fake.Secret));
    }

    [Test]
    public async Task TokenShortLived_RefreshedAtHalfLife()
    {
        _fake.TokenLifetime = 60;
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var issued = _fake.TokensIssued;

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "done")), Is.Null);

        Assert.That(_fake.TokensIssued, Is.EqualTo(issued + 2), "each audience renewed once (the requester's lookup uses Graph), 30 s before expiry");
        Assert.That(_fake.Cards.Single().Content, Does.Contain("APPROVED"));
    }

    [Test]
    public async Task Preload_ResolvesEveryConfiguredRecipientAtStart_WarnsForUnknown()
    {
        var channel = _fake.AddChannel(TeamId, ChannelConversation);
        using var h = Start(o =>
        {
            o.Preload = true;
            o.Recipients = [Carol];
            o.RoleToRecipients = Recipients(("dev", [Bob, channel]), ("*", ["ghost@example.com"]));
        });

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True);
        Assert.That(health.Description, Does.Contain("preloaded 3 of 4 recipient(s)"));
        Assert.That(_fake.Installs, Is.EqualTo(2));
        Assert.That(h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).Single(), Does.Contain("ghost@example.com"));
        var before = _fake.Server.Requests.Count(r => r.Path.StartsWith("/graph/", StringComparison.Ordinal));
        Assert.That(await h.CreatedAsync(SampleRequests.Pending(roles: ["dev"])), Is.Null);
        Assert.That(_fake.Server.Requests.Count(r => r.Path.StartsWith("/graph/", StringComparison.Ordinal)), Is.EqualTo(before), "preloaded recipients need no Graph call");
        Assert.That(_fake.Cards, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Preload_Off_NoRecipientResolvedAtStart()
    {
        var health = await _h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True);
        Assert.That(_fake.Server.Requests.Where(r => r.Path.StartsWith("/graph/v1.0/users", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task CheckRecipient_KnownUser_SendsTestCardAndSaysWhere()
    {
        var check = (IRecipientCheck)_h.Adapter;

        var found = await check.CheckRecipientAsync(Carol, CancellationToken.None);

        Assert.That(found, Does.Contain(TeamsApiFake.UserId(Carol)).And.Contain("app installed now").And.Contain(TeamsApiFake.ChatId(Carol)));
        Assert.That(_fake.Cards.Single().Content, Does.Contain("test message from teleport-plugins"));
    }

    [Test]
    public void CheckRecipient_UnknownUser_PermanentNamingTheRecipient()
    {
        var check = (IRecipientCheck)_h.Adapter;

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => check.CheckRecipientAsync("ghost@example.com", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("ghost@example.com").And.Contain($"no user ghost@example.com in tenant {_fake.TenantId}"));
        Assert.That(_fake.Cards, Is.Empty);
    }

    [Test]
    public void Options_Validation_RegionAndUrlsAndRequiredKeys()
    {
        var options = new TeamsOptions { Region = "EMEA ", GraphUrl = new Uri("http://graph.example.com/v1.0/") };

        var results = OptionsValidation.Validate(options);

        Assert.That(results.SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { "AppId", "AppSecret", "TenantId", "TeamsAppId", "Region", "GraphUrl" }));
        Assert.That(new TeamsOptions { Region = "amer" }.ConnectorUrl, Is.EqualTo(new Uri("https://smba.trafficmanager.net/amer/")));
        Assert.That(new TeamsOptions().ConnectorUrl, Is.EqualTo(new Uri("https://smba.trafficmanager.net/emea/")));
        Assert.That(new TeamsOptions().Validate(new ValidationContext(new TeamsOptions())), Is.Empty);
    }

    private TeamsOptions Options(Action<TeamsOptions>? configure = null) => TeamsFakeOptions.For(_fake, configure);

    private AdapterHarness Start(Action<TeamsOptions>? configure = null) =>
        new(new TeamsAdapterFactory(), Options(configure), _clock, Recipients(("*", [Bob])), beforeEachStep: () => _clock.Advance(TimeSpan.FromSeconds(1)));
}
