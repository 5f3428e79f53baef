using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Jira.Tests;

/// <summary>Access Monitoring Rules for Jira (issue 20 point 1): a routed recipient is the project key the issue opens in.</summary>
public sealed class JiraRoutingTests
{
    private static readonly FakeJiraUser Carol = new("acc-carol", "carol@example.com", "Carol");

    private JiraApiFake _jira = null!;
    private JiraOptions _options = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _jira = await JiraApiFake.StartAsync();
        _jira.AddProject("OPS");
        _jira.AddProject("SEC");
        _options = JiraTestHarness.OptionsFor(_jira);
        _options.WebhookEnabled = true;
        _options.WebhookSecret = JiraTestHarness.WebhookSecret;
        _options.WebhookConfirmInterval = TimeSpan.Zero;
        _h = new AdapterHarness(new JiraAdapterFactory(), _options, new FakeTimeProvider(), AdapterHarness.Recipients());
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _jira.DisposeAsync();
    }

    [Test]
    public async Task Created_RoutedToProjects_OpensTheIssueInTheFirstOnly()
    {
        // A rule may write the key in any case; Jira's keys are upper-case.
        _h.RoutedRecipients = ["ops", "SEC"];

        Assert.That(await _h.CreatedAsync(JiraTestHarness.Request()), Is.Null);

        var issue = _jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Project, Is.EqualTo("OPS"));
            Assert.That(issue.Key, Is.EqualTo("OPS-1"));
            Assert.That(_h.State.Get(JiraAdapter.IssueKeyKey), Is.EqualTo("OPS-1"), "the recorded key names its project");
            Assert.That(issue.Status, Is.EqualTo("Pending"));
            Assert.That(_jira.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Created_NoRoutedRecipient_OpensTheIssueInTheConfiguredProject()
    {
        _h.RoutedRecipients = null;

        Assert.That(await _h.CreatedAsync(JiraTestHarness.Request()), Is.Null);

        Assert.That(_jira.Issues.Single().Key, Is.EqualTo("PROJ-1"));
    }

    [Test]
    public async Task LaterSteps_AfterARestartAndWithoutRouting_ActOnTheRoutedIssue()
    {
        var request = JiraTestHarness.Request();
        _h.RoutedRecipients = ["OPS"];
        Assert.That(await _h.CreatedAsync(request), Is.Null);

        // A restarted host: a new adapter instance with only the plugin data; the rule is gone meanwhile.
        var restarted = _h.CreateReplica(_options);
        _h.RoutedRecipients = null;
        var review = new AccessReview("bob", AccessRequestState.Approved, "fine", request.Created.AddMinutes(1));
        Assert.That(await _h.ReviewAsync((request with { Reviews = [review] }, review, 0), restarted), Is.Null);
        Assert.That(await _h.ResolvedAsync(JiraTestHarness.Resolved(request with { Reviews = [review] }, AccessRequestState.Approved, "ok"), restarted), Is.Null);

        var issue = _jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Key, Is.EqualTo("OPS-1"));
            Assert.That(issue.Comments.Select(c => c.Body), Has.Some.StartsWith("*bob* reviewed the request").And.Some.StartsWith("Access request has been approved"));
            Assert.That(issue.Status, Is.EqualTo("Approved"));
        });
    }

    [Test]
    public async Task Created_ResumedInTheRoutedProject_FindsTheIssueThereAndCreatesNoSecond()
    {
        var request = JiraTestHarness.Request();
        _h.RoutedRecipients = ["OPS"];
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues.Select(i => i.Key), Is.EqualTo(new[] { "OPS-1" }));
            Assert.That(_h.State.Get(JiraAdapter.IssueIdKey), Is.EqualTo(_jira.Issues[0].Id));
            Assert.That(_jira.Server.RequestsTo("GET", "/rest/api/2/search/jql").Single().QueryValue("jql"), Does.StartWith("project = \"OPS\" AND"));
        });
    }

    [Test]
    public async Task Created_RoutedOutsideAllowedProjects_OpensInTheConfiguredProjectAndWarnsOnce()
    {
        _options.AllowedProjects = ["OPS"];
        var adapter = _h.CreateReplica(_options);
        _h.RoutedRecipients = ["SEC", "OPS"];

        Assert.That(await _h.CreatedAsync(JiraTestHarness.Request(), adapter), Is.Null);

        var warnings = _h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues.Single().Project, Is.EqualTo("PROJ"));
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings.Single(), Does.Contain("'SEC'").And.Contain("allowed_projects").And.Contain("PROJ"));
        });
    }

    [Test]
    public async Task Created_RoutedToSomethingThatIsNoProjectKey_OpensInTheConfiguredProjectAndWarns()
    {
        // A rule written for a chat adapter but naming jira.
        _h.RoutedRecipients = ["#dba-oncall", "OPS"];

        Assert.That(await _h.CreatedAsync(JiraTestHarness.Request()), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues.Single().Project, Is.EqualTo("PROJ"));
            Assert.That(_h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).Single(), Does.Contain("'#DBA-ONCALL'").And.Contain("not a Jira project key"));
        });
    }

    [Test]
    public async Task Created_RoutedInsideAllowedProjects_OpensThere()
    {
        _options.AllowedProjects = ["OPS"];
        var adapter = _h.CreateReplica(_options);
        _h.RoutedRecipients = ["OPS"];

        Assert.That(await _h.CreatedAsync(JiraTestHarness.Request(), adapter), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues.Single().Project, Is.EqualTo("OPS"));
            Assert.That(_h.Host.Logs.Lines.Where(l => l.Level >= LogLevel.Warning), Is.Empty);
        });
    }

    [Test]
    public async Task Webhook_IssueInARoutedProject_ResolvesItsRequest()
    {
        var (routes, issue, requestId) = await CreateRoutedAsync(_h.Adapter);
        _jira.Transition(issue.Id, "Approved", Carol);
        var body = JiraTestHarness.WebhookBody(issue, "Approved");

        var response = await routes.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(_h.Host.Reviews.StateChanges, Is.EqualTo(new[] { (requestId, AccessRequestState.Approved, string.Empty, "carol@example.com") }));
        });
    }

    [Test]
    public async Task Webhook_IssueInAProjectOutsideAllowedProjects_ChangesNothing()
    {
        // The issue was routed to OPS; allowed_projects was narrowed to SEC since.
        var (routes, issue, _) = await CreateRoutedAsync(_h.Adapter);
        _options.AllowedProjects = ["SEC"];
        var narrowed = new RecordingRouteRegistry();
        ((IInboundRouteProvider)_h.CreateReplica(_options)).MapRoutes(narrowed);
        _jira.Transition(issue.Id, "Approved", Carol);
        var body = JiraTestHarness.WebhookBody(issue, "Approved");

        var response = await narrowed.PostAsync("webhook", body, JiraTestHarness.Signed(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(_h.Host.Reviews.StateChanges, Is.Empty);
            Assert.That(_h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains($"issue {issue.Id} is in project OPS"));
        });
    }

    private async Task<(RecordingRouteRegistry Routes, FakeJiraIssue Issue, string RequestId)> CreateRoutedAsync(IAccessRequestAdapter adapter)
    {
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)adapter).MapRoutes(routes);
        var request = JiraTestHarness.Request();
        _h.RoutedRecipients = ["OPS"];
        Assert.That(await _h.CreatedAsync(request, adapter), Is.Null);

        // What the host persists after the step, and what the webhook handler checks against.
        _h.Host.States.Remember(request.Id, _h.State);
        return (routes, _jira.Issues.Single(), request.Id);
    }
}
