using TeleportPlugins.Fakes;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.GitLab.Tests;

public sealed class GitLabAdapterTests
{
    internal const string Secret = "gitlab-hook-s3cr3t";
    private GitLabApiFake _gitlab = null!;
    private AdapterTestContext _host = null!;
    private FakeTimeProvider _clock = null!;
    private GitLabOptions _options = null!;
    private IAccessRequestAdapter _adapter = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _gitlab = await GitLabApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _host = new AdapterTestContext("gitlab", _clock);
        _options = new GitLabOptions
        {
            Url = _gitlab.BaseAddress,
            Token = _gitlab.Token,
            ProjectId = _gitlab.ProjectId.ToString(CultureInfo.InvariantCulture),
            WebhookEnabled = true,
            WebhookSecret = Secret,
            WebhookConfirmAttempts = 3,
        };
        _adapter = new GitLabAdapterFactory().Create(_host.Context, _options);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _host.Dispose();
        await _gitlab.DisposeAsync();
    }

    internal static AccessRequestSnapshot Request(string id = "3f1e0c2a-0000-4000-8000-00000000000a") => new()
    {
        Id = id,
        Cluster = "teleport.example.com",
        User = "alice",
        Roles = ["dba"],
        Reason = "incident @everyone",
        Created = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero),
        WebUiLink = new Uri($"https://teleport.example.com/web/requests/{id}"),
    };

    private async Task<(AdapterRequestState State, FakeGitLabIssue Issue)> CreateAsync()
    {
        var state = new AdapterRequestState();
        await _adapter.OnRequestCreatedAsync(new RequestCreatedContext(Request(), state), CancellationToken.None);
        // What the host persists after the step, and what the webhook handler checks against.
        _host.States.Remember(Request().Id, state);
        return (state, _gitlab.Issues.Single());
    }

    internal static byte[] Hook(FakeGitLabIssue issue, string addedLabel, string username = "carol") => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["object_kind"] = "issue",
        ["event_type"] = "issue",
        ["user"] = new JsonObject { ["id"] = 5, ["username"] = username, ["email"] = "[REDACTED]" },
        ["project"] = new JsonObject { ["id"] = issue.ProjectId },
        ["object_attributes"] = new JsonObject { ["id"] = issue.Id, ["iid"] = issue.Iid, ["project_id"] = issue.ProjectId, ["action"] = "update" },
        ["changes"] = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["previous"] = new JsonArray(new JsonObject { ["id"] = 1, ["title"] = "Teleport: Pending" }),
                ["current"] = new JsonArray(new JsonObject { ["id"] = 1, ["title"] = "Teleport: Pending" }, new JsonObject { ["id"] = 2, ["title"] = addedLabel }),
            },
        },
    }.ToJsonString());

    internal static Dictionary<string, string> Headers(string? token = Secret)
    {
        var headers = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Issue Hook", ["Content-Type"] = "application/json" };
        if (token is not null)
        {
            headers["X-Gitlab-Token"] = token;
        }

        return headers;
    }

    private async Task<InboundResponse> PostHookAsync(byte[] body, Dictionary<string, string> headers)
    {
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)_adapter).MapRoutes(routes);
        var task = routes.PostAsync("webhook", body, headers);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (_clock.ActiveTimers > 0)
            {
                _clock.Advance(_options.WebhookConfirmInterval);
            }
            else
            {
                await Task.Delay(5);
            }
        }

        return await task;
    }

    [Test]
    public async Task CheckHealth_CreatesTheMissingLabelsWithTheirColours()
    {
        var health = await _adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.True, health.Description);
            Assert.That(_gitlab.Labels, Is.SupersetOf(new[] { "Teleport: Pending", "Teleport: Approved", "Teleport: Denied", "Teleport: Expired" }));
            Assert.That(_gitlab.Server.RequestsTo("POST", $"/api/v4/projects/{_gitlab.ProjectId}/labels").Select(r => JsonNode.Parse(r.Body)!["color"]!.GetValue<string>()),
                Is.EqualTo(new[] { "#FFECDB", "#428BCA", "#D9534F", "#7F8C8D" }));
        });
    }

    [Test]
    public async Task CheckHealth_LabelsExist_CreatesNone()
    {
        _gitlab.Labels.UnionWith(["Teleport: Pending", "Teleport: Approved", "Teleport: Denied", "Teleport: Expired"]);

        var health = await _adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.True);
            Assert.That(_gitlab.Server.RequestsTo("POST", $"/api/v4/projects/{_gitlab.ProjectId}/labels"), Is.Empty);
        });
    }

    [Test]
    public async Task CheckHealth_BadToken_Unhealthy401()
    {
        _options.Token = "glpat-wrong";

        var health = await _adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain("HTTP 401").And.Contain("401 Unauthorized").And.Not.Contain("glpat-wrong"));
        });
    }

    [Test]
    public async Task Created_PostsPendingIssueWithContentAndRecordsAnchorKeys()
    {
        var (state, issue) = await CreateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(issue.Title, Is.EqualTo("Access request from alice"));
            Assert.That(issue.Labels, Is.EqualTo(new[] { "Teleport: Pending", $"teleport-request::{Request().Id}" }));
            Assert.That(issue.Description, Does.Contain("`dba`").And.Contain("> incident @\u200beveryone")
                .And.Contain("https://teleport.example.com/web/requests/").And.EndWith($"Request ID is `{Request().Id}`"));
            Assert.That(state.Get("issue_iid"), Is.EqualTo("1"));
            Assert.That(state.Get("issue_id"), Is.EqualTo(issue.Id.ToString(CultureInfo.InvariantCulture)));
            Assert.That(state.Get("project_id"), Is.EqualTo("1812345"));
            Assert.That(_gitlab.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Created_429ThenSuccess_OneIssue()
    {
        _gitlab.Server.FailNext("POST", $"/api/v4/projects/{_gitlab.ProjectId}/issues", FakeResponse.Error(429, "Retry later", ("Retry-After", "30")));
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(Request(), state);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => _adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        await _adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Created_IssueCreationRateLimit_TransientWithRetryAfterThenOneIssueEach()
    {
        _gitlab.LimitIssueCreation(1, TimeSpan.FromMinutes(1), _clock);
        await _adapter.OnRequestCreatedAsync(new RequestCreatedContext(Request(), new AdapterRequestState()), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(20));
        var context = new RequestCreatedContext(Request("3f1e0c2a-0000-4000-8000-00000000000b"), new AdapterRequestState());

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => _adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        _clock.Advance(failure!.RetryAfter!.Value);
        await _adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(40)), "the rest of the minute");
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(2));
            Assert.That(_gitlab.Issues.Count(i => i.Description.Contains("3f1e0c2a-0000-4000-8000-00000000000b", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Created_SuccessStatusWithAnHtmlPage_TransientFailureThenOneIssue()
    {
        // A proxy or SSO page in front of GitLab can answer 200 with HTML; retrying once it is gone must work.
        _gitlab.Server.FailNext("POST", $"/api/v4/projects/{_gitlab.ProjectId}/issues", new FakeResponse(200, "<html>Sign in</html>", "text/html"));
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(Request(), state);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => _adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        await _adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("GitLab POST issues").And.Contain("not the expected JSON"));
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task TwoReplicas_SecondWithPersistedState_NoDuplicateIssue()
    {
        var (state, _) = await CreateAsync();
        using var other = new AdapterTestContext("gitlab");
        var replica = new GitLabAdapterFactory().Create(other.Context, _options);

        await replica.OnRequestCreatedAsync(new RequestCreatedContext(Request(), new AdapterRequestState(state.ToDictionary())), CancellationToken.None);

        Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReviewAdded_PostsNote()
    {
        var (state, issue) = await CreateAsync();
        var review = new AccessReview("bob", AccessRequestState.Denied, "too broad", Request().Created);

        await _adapter.OnReviewAddedAsync(new ReviewAddedContext(Request() with { Reviews = [review] }, state, review, 0), CancellationToken.None);

        Assert.That(issue.Notes.Single(), Does.StartWith("`bob` reviewed the request").And.Contain("**DENIED**").And.Contain("> too broad"));
    }

    [TestCase(AccessRequestState.Approved, "Teleport: Approved", "approved")]
    [TestCase(AccessRequestState.Denied, "Teleport: Denied", "denied")]
    public async Task Resolved_NotesSwapsLabelsAndCloses(AccessRequestState resolution, string label, string tag)
    {
        var (state, issue) = await CreateAsync();

        await _adapter.OnRequestResolvedAsync(new RequestResolvedContext(Request() with { State = resolution }, state), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Notes.Single(), Is.EqualTo($"Access request has been {tag}\n\n<!-- teleport-request::{Request().Id}/resolution -->"));
            Assert.That(issue.Labels, Is.EquivalentTo(new[] { label, $"teleport-request::{Request().Id}" }));
            Assert.That(issue.State, Is.EqualTo("closed"));
        });
    }

    [Test]
    public async Task Expired_ClosesWithExpiredLabel_AndRetryAfterFailedCloseDoesNotRepeatTheNote()
    {
        var (state, issue) = await CreateAsync();
        _gitlab.Server.FailNext("PUT", $"/api/v4/projects/{_gitlab.ProjectId}/issues/{issue.Iid}", FakeResponse.Error(502, "{\"message\":\"502 Bad Gateway\"}"));
        var context = new RequestExpiredContext(new AccessRequestSnapshot { Id = Request().Id, Cluster = "c", User = string.Empty }, state);

        Assert.ThrowsAsync<TransientAdapterException>(() => _adapter.OnRequestExpiredAsync(context, CancellationToken.None));
        await _adapter.OnRequestExpiredAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Notes.Single(), Does.StartWith("Access request has been expired\n\n<!-- teleport-request::"));
            Assert.That(issue.Labels, Is.EquivalentTo(new[] { "Teleport: Expired", $"teleport-request::{Request().Id}" }));
            Assert.That(issue.State, Is.EqualTo("closed"));
        });
    }

    [Test]
    public async Task Webhook_LabelAddedByUserAndConfirmed_ApprovesAsThatUser()
    {
        var (_, issue) = await CreateAsync();
        _gitlab.AddLabel(issue.Iid, "Teleport: Approved", 5, "carol");

        var response = await PostHookAsync(Hook(issue, "Teleport: Approved"), Headers());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(_host.Reviews.StateChanges.Single().RequestId, Is.EqualTo(Request().Id));
            Assert.That(_host.Reviews.StateChanges.Single().State, Is.EqualTo(AccessRequestState.Approved));
            Assert.That(_host.Reviews.StateChanges.Single().ExternalUser, Is.EqualTo("carol"));
        });
    }

    [Test]
    public async Task Webhook_DeniedLabel_Denies()
    {
        var (_, issue) = await CreateAsync();
        _gitlab.AddLabel(issue.Iid, "Teleport: Denied", 6, "dave");

        await PostHookAsync(Hook(issue, "Teleport: Denied", "dave"), Headers());

        Assert.That(_host.Reviews.StateChanges.Single(), Is.EqualTo((Request().Id, AccessRequestState.Denied, "Denied in GitLab issue #1 by dave", "dave")));
    }

    [TestCase(null)]
    [TestCase("gitlab-hook-s3cr3")]
    [TestCase("")]
    public async Task Webhook_BadOrMissingToken_401AndNothingChanges(string? token)
    {
        var (_, issue) = await CreateAsync();
        _gitlab.AddLabel(issue.Iid, "Teleport: Approved", 5, "carol");
        var calls = _gitlab.Server.Requests.Count;

        var response = await PostHookAsync(Hook(issue, "Teleport: Approved"), Headers(token));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(_host.Reviews.StateChanges, Is.Empty);
            Assert.That(_gitlab.Server.Requests, Has.Count.EqualTo(calls));
        });
    }

    [Test]
    public async Task Webhook_ForgedLabelChangeTheApiDoesNotShow_ChangesNothing()
    {
        var (_, issue) = await CreateAsync();

        var response = await PostHookAsync(Hook(issue, "Teleport: Approved"), Headers());

        Assert.Multiple(() =>
        {
            Assert.That(response.Body, Is.EqualTo("not confirmed"));
            Assert.That(_host.Reviews.StateChanges, Is.Empty);
            Assert.That(_gitlab.Server.RequestsTo("GET", $"/api/v4/projects/{_gitlab.ProjectId}/issues/{issue.Iid}"), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Webhook_HookNamesAnotherUserThanTheApi_ChangesNothing()
    {
        var (_, issue) = await CreateAsync();
        _gitlab.AddLabel(issue.Iid, "Teleport: Approved", 5, "carol");

        var response = await PostHookAsync(Hook(issue, "Teleport: Approved", "mallory"), Headers());

        Assert.Multiple(() =>
        {
            Assert.That(response.Body, Is.EqualTo("not confirmed"));
            Assert.That(_host.Reviews.StateChanges, Is.Empty);
        });
    }

    [Test]
    public async Task Webhook_IssueNotCreatedByTheAdapter_ChangesNothing()
    {
        var (_, issue) = await CreateAsync();
        issue.Description = "Request ID is `11111111-0000-4000-8000-000000000000` but edited";
        _gitlab.AddLabel(issue.Iid, "Teleport: Approved", 5, "carol");

        await PostHookAsync(Hook(issue, "Teleport: Approved"), Headers());

        Assert.That(_host.Reviews.StateChanges, Is.Empty);
    }

    [Test]
    public async Task Webhook_IssueTheHostDidNotRecordForThatRequest_ChangesNothing()
    {
        var (state, issue) = await CreateAsync();
        // A look-alike: the bot's issue naming the request, but the host recorded another issue for it.
        state.Set(GitLabAdapter.IssueIidKey, "999");
        _host.States.Remember(Request().Id, state);
        _gitlab.AddLabel(issue.Iid, "Teleport: Approved", 5, "carol");

        var response = await PostHookAsync(Hook(issue, "Teleport: Approved"), Headers());

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(_host.Reviews.StateChanges, Is.Empty);
        Assert.That(_host.Logs.Lines.Select(l => l.Message), Has.Some.Contains("the host has not recorded it as that request's issue"));
    }

    [TestCase("{oops")]
    [TestCase("{\"object_kind\":\"issue\"}")]
    public async Task Webhook_MalformedBody_400(string body)
    {
        var response = await PostHookAsync(Encoding.UTF8.GetBytes(body), Headers());

        Assert.That(response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task FailingScenarios_NeverShowTheTokenOrWebhookSecret()
    {
        _options.Token = "glpat-must-not-leak-9876";
        var messages = new List<string> { (await _adapter.CheckHealthAsync(CancellationToken.None)).Description };
        var failure = Assert.CatchAsync(() => _adapter.OnRequestCreatedAsync(new RequestCreatedContext(Request(), new AdapterRequestState()), CancellationToken.None));
        messages.Add(failure!.ToString());
        messages.Add((await PostHookAsync("{}"u8.ToArray(), Headers("wrong"))).Body);
        messages.AddRange(_host.Logs.Lines.Select(l => l.Message));

        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Some.Contains("401"));
            Assert.That(messages, Has.None.Contains("glpat-must-not-leak-9876"));
            Assert.That(messages, Has.None.Contains(Secret));
        });
    }
}
