using TeleportPlugins.Fakes;
using System.Text;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Jira;

namespace TeleportPlugins.Adapters.Jira.Tests;

public sealed class JiraWebhookTests
{
    private static readonly FakeJiraUser Carol = new("acc-carol", "carol@example.com", "Carol");
    private static readonly FakeJiraUser Dave = new("acc-dave", "dave@example.com", "Dave");

    private static async Task<(JiraTestHarness Harness, RecordingRouteRegistry Routes, FakeJiraIssue Issue, string RequestId)> StartWithIssueAsync(Action<JiraOptions>? configure = null)
    {
        var h = await JiraTestHarness.StartAsync(o =>
        {
            o.WebhookEnabled = true;
            o.WebhookSecret = JiraTestHarness.WebhookSecret;
            o.WebhookConfirmAttempts = 3;
            o.WebhookConfirmInterval = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        });
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)h.Adapter).MapRoutes(routes);
        var request = JiraTestHarness.Request();
        var state = new AdapterRequestState();
        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        // What the host persists after the step, and what the webhook handler checks against.
        h.Host.States.Remember(request.Id, state);
        return (h, routes, h.Jira.Issues.Single(), request.Id);
    }

    [Test]
    public async Task Webhook_SignedAndConfirmed_ApprovesAsTheTransitioningUserWithTheirReason()
    {
        var (h, routes, issue, requestId) = await StartWithIssueAsync();
        await using var _ = h;
        h.Jira.Comment(issue.Id, Carol, "reason: on call for INC-42");
        h.Jira.Comment(issue.Id, Dave, "reason: not the approver");
        h.Jira.Transition(issue.Id, "Approved", Carol);
        var body = JiraTestHarness.WebhookBody(issue, "Approved");

        var response = await routes.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(h.Host.Reviews.StateChanges, Is.EqualTo(new[] { (requestId, AccessRequestState.Approved, "on call for INC-42", "carol@example.com") }));
        });
    }

    [Test]
    public async Task Webhook_IssueTheHostDidNotRecordForThatRequest_ChangesNothing()
    {
        var (h, routes, issue, requestId) = await StartWithIssueAsync();
        await using var _ = h;
        // A look-alike: an issue carrying the request's property, but not the issue the host recorded for it.
        var recorded = new AdapterRequestState();
        recorded.Set(JiraAdapter.IssueIdKey, "99999");
        h.Host.States.Remember(requestId, recorded);
        h.Jira.Transition(issue.Id, "Approved", Carol);
        var body = JiraTestHarness.WebhookBody(issue, "Approved");

        var response = await routes.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
        Assert.That(h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains("the host has not recorded it as that request's issue"));
    }

    [Test]
    public async Task Webhook_BasicAuthWithoutSecret_DeniesWithReasonOnFollowingLine()
    {
        var (h, routes, issue, requestId) = await StartWithIssueAsync(o =>
        {
            o.WebhookSecret = string.Empty;
            o.WebhookUser = "jira";
            o.WebhookPassword = "basic-pa55word";
        });
        await using var _ = h;
        h.Jira.Comment(issue.Id, Dave, "Reason:\nnot justified");
        h.Jira.Transition(issue.Id, "Denied", Dave);
        var body = JiraTestHarness.WebhookBody(issue, "Denied");
        var headers = new Dictionary<string, string> { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("jira:basic-pa55word")) };

        var response = await routes.PostAsync("webhook", body, headers);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(h.Host.Reviews.StateChanges, Is.EqualTo(new[] { (requestId, AccessRequestState.Denied, "not justified", "dave@example.com") }));
        });
    }

    [TestCase(null)]
    [TestCase("sha256=00")]
    [TestCase("sha256=not-hex")]
    [TestCase("wrong-secret")]
    public async Task Webhook_BadOrMissingSignature_401AndNothingChanges(string? signature)
    {
        var (h, routes, issue, _) = await StartWithIssueAsync();
        await using var __ = h;
        h.Jira.Transition(issue.Id, "Approved", Carol);
        var body = JiraTestHarness.WebhookBody(issue, "Approved");
        var headers = signature switch
        {
            null => new Dictionary<string, string>(),
            "wrong-secret" => JiraTestHarness.Signed(body, "another-secret"),
            _ => new Dictionary<string, string> { ["X-Hub-Signature"] = signature },
        };
        var callsBefore = h.Jira.Server.Requests.Count;

        var response = await routes.PostAsync("webhook", body, headers);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
            Assert.That(h.Jira.Server.Requests, Has.Count.EqualTo(callsBefore), "an unauthenticated webhook makes no API call");
        });
    }

    [Test]
    public async Task Webhook_BasicAuthWrongPassword_401()
    {
        var (h, routes, issue, _) = await StartWithIssueAsync(o =>
        {
            o.WebhookSecret = string.Empty;
            o.WebhookUser = "jira";
            o.WebhookPassword = "basic-pa55word";
        });
        await using var _ = h;
        var body = JiraTestHarness.WebhookBody(issue, "Approved");
        var headers = new Dictionary<string, string> { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("jira:guess")) };

        var response = await routes.PostAsync("webhook", body, headers);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
        });
    }

    [Test]
    public async Task Webhook_ForgedStatusTheApiNeverConfirms_ChangesNothingAfterBoundedRereads()
    {
        var (h, routes, issue, _) = await StartWithIssueAsync();
        await using var _ = h;
        var body = JiraTestHarness.WebhookBody(issue, "Approved");

        var response = await h.WithClockAsync(() => routes.PostAsync("webhook", body, JiraTestHarness.Signed(body)), TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(response.Body, Is.EqualTo("not confirmed"));
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
            Assert.That(h.Jira.Server.RequestsTo("GET", $"/rest/api/2/issue/{issue.Id}").Count(r => r.Query.Contains("changelog", StringComparison.Ordinal)), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Webhook_ApiReadFails_503ThenRedeliveryApproves()
    {
        var (h, routes, issue, requestId) = await StartWithIssueAsync();
        await using var _ = h;
        var body = JiraTestHarness.WebhookBody(issue, "Approved");
        var reads = 0;
        h.Jira.Server.Map("GET", p => p == $"/rest/api/2/issue/{issue.Id}" && ++reads == 1 && Transition(h, issue), _ => FakeResponse.Error(500));

        var response = await h.WithClockAsync(() => routes.PostAsync("webhook", body, JiraTestHarness.Signed(body)), TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(503), "a failed read is retried by Jira's redelivery");
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
        });

        var again = await h.WithClockAsync(() => routes.PostAsync("webhook", body, JiraTestHarness.Signed(body)), TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(200));
            Assert.That(h.Host.Reviews.StateChanges.Single().RequestId, Is.EqualTo(requestId));
        });
    }

    [Test]
    public async Task Webhook_StatusAppearsOnlyOnTheSecondRead_WaitsOnTheClockAndApproves()
    {
        var (h, routes, issue, requestId) = await StartWithIssueAsync();
        await using var _ = h;
        var body = JiraTestHarness.WebhookBody(issue, "Approved");
        var transitioned = false;
        h.Jira.Server.Map("GET", p =>
        {
            if (p == $"/rest/api/2/issue/{issue.Id}" && h.Clock.GetUtcNow() > new DateTimeOffset(2026, 11, 21, 12, 0, 1, TimeSpan.Zero) && !transitioned)
            {
                transitioned = true;
                h.Jira.Transition(issue.Id, "Approved", Carol);
            }

            return false;
        }, _ => FakeResponse.Error(500));

        var response = await h.WithClockAsync(() => routes.PostAsync("webhook", body, JiraTestHarness.Signed(body)), TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(h.Host.Reviews.StateChanges.Single(), Is.EqualTo((requestId, AccessRequestState.Approved, string.Empty, "carol@example.com")));
        });
    }

    [Test]
    public async Task Webhook_IssueWithoutRequestProperty_ChangesNothing()
    {
        var (h, routes, issue, _) = await StartWithIssueAsync();
        await using var _ = h;
        issue.Properties.Clear();
        h.Jira.Transition(issue.Id, "Approved", Carol);
        var body = JiraTestHarness.WebhookBody(issue, "Approved");

        var response = await routes.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
        });
    }

    [TestCase("{not json")]
    [TestCase("[]")]
    [TestCase("{\"webhookEvent\":\"jira:issue_updated\"}")]
    public async Task Webhook_MalformedBody_400(string text)
    {
        var (h, routes, _, _) = await StartWithIssueAsync();
        await using var _ = h;
        var body = Encoding.UTF8.GetBytes(text);

        var response = await routes.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(400));
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
        });
    }

    [TestCase("jira:issue_created", "Approved")]
    [TestCase("jira:issue_updated", "Pending")]
    public async Task Webhook_OtherEventOrStatus_IgnoredWithoutApiCalls(string webhookEvent, string status)
    {
        var (h, routes, issue, _) = await StartWithIssueAsync();
        await using var _ = h;
        var body = JiraTestHarness.WebhookBody(issue, status, webhookEvent);
        var callsBefore = h.Jira.Server.Requests.Count;

        var response = await routes.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(h.Host.Reviews.StateChanges, Is.Empty);
            Assert.That(h.Jira.Server.Requests, Has.Count.EqualTo(callsBefore));
        });
    }

    [Test]
    public async Task MapRoutes_WebhookNotEnabled_RegistersNothing()
    {
        await using var h = await JiraTestHarness.StartAsync();
        var routes = new RecordingRouteRegistry();

        ((IInboundRouteProvider)h.Adapter).MapRoutes(routes);

        Assert.That(routes.Paths, Is.Empty);
    }

    private static bool Transition(JiraTestHarness h, FakeJiraIssue issue)
    {
        h.Jira.Transition(issue.Id, "Approved", Carol);
        return true;
    }
}
