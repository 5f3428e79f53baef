using TeleportPlugins.Fakes;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira.Tests;

public sealed class JiraAdapterTests
{
    [Test]
    public async Task Created_PostsIssueWithContentAndPropertyAndMovesItToPending()
    {
        await using var h = await JiraTestHarness.StartAsync();
        var request = JiraTestHarness.Request();
        var state = new AdapterRequestState();

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var issue = h.Jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Project, Is.EqualTo("PROJ"));
            Assert.That(issue.IssueType, Is.EqualTo("Task"));
            Assert.That(issue.Summary, Is.EqualTo("alice@example.com requested dba, auditor"));
            Assert.That(issue.Description, Does.Contain("alice@example.com").And.Contain("* dba\n* auditor")
                .And.Contain("/teleport.example.com/node/db-1").And.Contain("Investigating incident INC-42")
                .And.Contain($"Request ID: *{request.Id}*").And.Contain($"https://teleport.example.com/web/requests/{request.Id}"));
            Assert.That(issue.Properties["teleportAccessRequestId"], Is.EqualTo(JsonSerializer.Serialize(request.Id)));
            Assert.That(issue.Status, Is.EqualTo("Pending"));
            Assert.That(state.Get("issue_id"), Is.EqualTo(issue.Id));
            Assert.That(state.Get("issue_key"), Is.EqualTo(issue.Key));
            Assert.That(h.Jira.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Created_WithoutProxyAddress_ShowsTshCommands()
    {
        await using var h = await JiraTestHarness.StartAsync(proxy: null);
        var request = JiraTestHarness.Request(proxy: null);

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        Assert.That(h.Jira.Issues.Single().Description, Does.Contain($"tsh request review --approve {request.Id}").And.Contain($"tsh request review --deny {request.Id}"));
    }

    [Test]
    public async Task Created_ManyRolesAndLongReason_SummaryFitsAndReasonIsTruncated()
    {
        await using var h = await JiraTestHarness.StartAsync(o => o.IssueType = "Story");
        var request = JiraTestHarness.Request() with
        {
            Roles = [.. Enumerable.Range(0, 40).Select(i => $"role-number-{i}")],
            Reason = new string('r', 5000) + "{noformat}[evil|http://x]",
        };

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);

        var issue = h.Jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Summary, Is.EqualTo("alice@example.com requested access to 40 roles"));
            Assert.That(issue.IssueType, Is.EqualTo("Story"));
            Assert.That(issue.Description, Does.Contain("(truncated)").And.Not.Contain(new string('r', 3001)).And.Not.Contain("[evil"));
        });
    }

    [Test]
    public async Task Created_WorkflowWithoutPending_KeepsInitialStatusWithoutWarning()
    {
        await using var h = await JiraTestHarness.StartAsync();
        h.Jira.Workflow.Remove("Pending");

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(JiraTestHarness.Request(), new AdapterRequestState()), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(h.Jira.Issues.Single().Status, Is.EqualTo("To Do"));
            Assert.That(h.Host.Logs.Lines.Where(l => l.Level >= LogLevel.Warning), Is.Empty);
        });
    }

    [Test]
    public async Task ReviewAdded_PostsCommentWithAuthorResolutionAndReason()
    {
        await using var h = await JiraTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = JiraTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var review = new AccessReview("bob", AccessRequestState.Approved, "looks fine", request.Created.AddMinutes(5));

        await h.Adapter.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0), CancellationToken.None);

        var comment = h.Jira.Issues.Single().Comments.Single();
        Assert.That(comment.Body, Does.StartWith("*bob* reviewed the request at").And.Contain("Resolution: *APPROVED*.").And.Contain("looks fine"));
    }

    [TestCase(AccessRequestState.Approved, "Approved", "approved")]
    [TestCase(AccessRequestState.Denied, "Denied", "denied")]
    [TestCase(AccessRequestState.Promoted, "Promoted", "promoted")]
    public async Task Resolved_CommentsThenTransitions(AccessRequestState resolution, string status, string tag)
    {
        await using var h = await JiraTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = JiraTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        await h.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(JiraTestHarness.Resolved(request, resolution, "ok by policy"), state), CancellationToken.None);

        var issue = h.Jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments.Single().Body, Does.StartWith($"Access request has been {tag}").And.Contain("ok by policy"));
            Assert.That(issue.Status, Is.EqualTo(status));
            Assert.That(issue.StatusChanges.Select(c => c.To), Is.EqualTo(new[] { "Pending", status }));
        });
    }

    [Test]
    public async Task Expired_CommentsAndMovesToExpired_FromStateOnly()
    {
        await using var h = await JiraTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = JiraTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var bare = new AccessRequestSnapshot { Id = request.Id, Cluster = request.Cluster, User = string.Empty };

        await h.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(bare, state), CancellationToken.None);

        var issue = h.Jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments.Single().Body, Does.StartWith("Access request has been expired\n\n{color:#97a0af}Teleport reference: teleport-request-"));
            Assert.That(issue.Status, Is.EqualTo("Expired"));
        });
    }

    [Test]
    public async Task Resolved_WorkflowWithoutTarget_CommentsAndLogsTheMissingTransitionOnce()
    {
        await using var h = await JiraTestHarness.StartAsync();
        h.Jira.Workflow.Remove("Approved");
        foreach (var id in new[] { "req-1", "req-2" })
        {
            var state = new AdapterRequestState();
            var request = JiraTestHarness.Request(id);
            await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
            await h.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(JiraTestHarness.Resolved(request, AccessRequestState.Approved), state), CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(h.Jira.Issues.Select(i => i.Comments.Single().Body), Is.All.StartWith("Access request has been approved\n\n{color"));
            Assert.That(h.Jira.Issues.Select(i => i.Status), Is.All.EqualTo("Pending"));
            Assert.That(h.Host.Logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("'Approved'", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Created_429ThenSuccess_RetryAfterHonouredAndOneIssue()
    {
        await using var h = await JiraTestHarness.StartAsync();
        h.Jira.Server.FailNext("POST", "/rest/api/2/issue", FakeResponse.Error(429, "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}", ("Retry-After", "7")));
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(JiraTestHarness.Request(), state);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(h.Jira.Issues, Has.Count.EqualTo(1));
            Assert.That(h.Jira.Issues.Single().Status, Is.EqualTo("Pending"));
        });
    }

    [Test]
    public async Task ReviewAdded_PerIssueWriteLimit_TransientWithRetryAfterThenOneComment()
    {
        await using var h = await JiraTestHarness.StartAsync();
        h.Jira.LimitWritesPerIssue(1, TimeSpan.FromSeconds(10), h.Clock);
        var state = new AdapterRequestState();
        var request = JiraTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var review = new AccessReview("bob", AccessRequestState.Approved, string.Empty, request.Created);
        var context = new ReviewAddedContext(request with { Reviews = [review] }, state, review, 0);

        // The move to Pending used the issue's one write; another issue has its own budget.
        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnReviewAddedAsync(context, CancellationToken.None));
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(JiraTestHarness.Request("5d8d7c6b-0000-4000-8000-000000000002"), new AdapterRequestState()), CancellationToken.None);
        h.Clock.Advance(failure!.RetryAfter!.Value);
        await h.Adapter.OnReviewAddedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(h.Jira.Issue(state.Get("issue_id")!).Comments, Has.Count.EqualTo(1));
            Assert.That(h.Jira.Issues.Select(i => i.Status), Is.All.EqualTo("Pending"));
        });
    }

    [Test]
    public async Task Created_SuccessStatusWithAnHtmlPage_TransientFailureThenOneIssue()
    {
        await using var h = await JiraTestHarness.StartAsync();
        // A proxy or SSO page in front of Jira can answer 200 with HTML; retrying once it is gone must work.
        h.Jira.Server.FailNext("POST", "/rest/api/2/issue", new FakeResponse(200, "<html>Sign in</html>", "text/html"));
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(JiraTestHarness.Request(), state);

        var failure = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        Assert.That(state.Get("issue_id"), Is.Null);
        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("Jira POST issue").And.Contain("not the expected JSON"));
            Assert.That(h.Jira.Issues, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Created_TransitionFailsAfterIssueWasCreated_RetryDoesNotCreateASecondIssue()
    {
        await using var h = await JiraTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var context = new RequestCreatedContext(JiraTestHarness.Request(), state);
        h.Jira.Server.Map("POST", p => p.EndsWith("/transitions", StringComparison.Ordinal) && h.Jira.Server.Requests.Count(r => r.Path.EndsWith("/transitions", StringComparison.Ordinal)) == 1,
            _ => FakeResponse.Error(503, "{\"errorMessages\":[\"Service unavailable\"],\"errors\":{}}"));

        Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));
        Assert.That(state.Get("issue_id"), Is.Not.Null, "the issue ID is recorded before the failing call");
        await h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(h.Jira.Issues, Has.Count.EqualTo(1));
            Assert.That(h.Jira.Issues.Single().Status, Is.EqualTo("Pending"));
        });
    }

    [Test]
    public async Task Resolved_TransitionFails_RetryDoesNotRepeatTheComment()
    {
        await using var h = await JiraTestHarness.StartAsync();
        var state = new AdapterRequestState();
        var request = JiraTestHarness.Request();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var issue = h.Jira.Issues.Single();
        h.Jira.Server.FailNext("POST", $"/rest/api/2/issue/{issue.Id}/transitions", FakeResponse.Error(429, string.Empty, ("Retry-After", "1")));
        var context = new RequestResolvedContext(JiraTestHarness.Resolved(request, AccessRequestState.Denied), state);

        Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestResolvedAsync(context, CancellationToken.None));
        await h.Adapter.OnRequestResolvedAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments, Has.Count.EqualTo(1));
            Assert.That(issue.Status, Is.EqualTo("Denied"));
        });
    }

    [Test]
    public async Task TwoReplicas_SecondGetsPersistedState_NoDuplicateIssueAndUpdatesTheSameOne()
    {
        await using var h = await JiraTestHarness.StartAsync();
        using var otherHost = new AdapterTestContext("jira");
        var replica = h.CreateReplica(otherHost);
        var request = JiraTestHarness.Request();
        var first = new AdapterRequestState();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, first), CancellationToken.None);

        // The host hands the other replica the state the first one persisted (e.g. the first crashed before confirming).
        var persisted = new AdapterRequestState(first.ToDictionary());
        await replica.OnRequestCreatedAsync(new RequestCreatedContext(request, persisted), CancellationToken.None);
        var review = new AccessReview("bob", AccessRequestState.Approved, string.Empty, request.Created);
        await replica.OnReviewAddedAsync(new ReviewAddedContext(request with { Reviews = [review] }, persisted, review, 0), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(h.Jira.Issues, Has.Count.EqualTo(1));
            Assert.That(h.Jira.Issues.Single().Comments, Has.Count.EqualTo(1));
            Assert.That(h.Jira.Server.RequestsTo("POST", "/rest/api/2/issue"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task BearerAuth_DataCenterToken_CreatesIssue()
    {
        await using var h = await JiraTestHarness.StartAsync(bearer: true);

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(JiraTestHarness.Request(), new AdapterRequestState()), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(h.Jira.Issues, Has.Count.EqualTo(1));
            Assert.That(h.Jira.Server.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo($"Bearer {h.Jira.Token}"));
        });
    }
}
