using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.GitLab.Tests;

/// <summary>Access Monitoring Rules for GitLab (issue 20 point 1): a routed recipient is the project (ID or path) the issue opens in.</summary>
public sealed class GitLabRoutingTests
{
    private const long OpsId = 4242;
    private const string OpsPath = "ops/access";
    private static readonly string[] StatusLabels = ["Teleport: Pending", "Teleport: Approved", "Teleport: Denied", "Teleport: Expired"];

    private GitLabApiFake _gitlab = null!;
    private FakeGitLabProject _ops = null!;
    private GitLabOptions _options = null!;
    private AdapterHarness _h = null!;

    private string Configured => _gitlab.ProjectId.ToString(CultureInfo.InvariantCulture);

    [SetUp]
    public async Task StartAsync()
    {
        _gitlab = await GitLabApiFake.StartAsync();
        _ops = _gitlab.AddProject(OpsId, OpsPath);
        _gitlab.AddProject(5151, "sec/access");
        _options = new GitLabOptions
        {
            Url = _gitlab.BaseAddress,
            Token = _gitlab.Token,
            ProjectId = Configured,
            WebhookEnabled = true,
            WebhookSecret = GitLabAdapterTests.Secret,
            WebhookConfirmInterval = TimeSpan.Zero,
        };
        _h = new AdapterHarness(new GitLabAdapterFactory(), _options, new FakeTimeProvider(), AdapterHarness.Recipients());

        // The host checks health (and so labels the configured project) before any step.
        Assert.That((await _h.Adapter.CheckHealthAsync(CancellationToken.None)).IsHealthy, Is.True);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _gitlab.DisposeAsync();
    }

    [Test]
    public async Task Created_RoutedToAProjectPath_OpensTheIssueThereAndRecordsItsProjectId()
    {
        _h.RoutedRecipients = [OpsPath, Configured];

        Assert.That(await _h.CreatedAsync(GitLabAdapterTests.Request()), Is.Null);

        var issue = _gitlab.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.ProjectId, Is.EqualTo(OpsId));
            Assert.That(issue.Labels, Does.Contain("Teleport: Pending"));
            Assert.That(_h.State.Get(GitLabAdapter.ProjectIdKey), Is.EqualTo("4242"), "the recorded project is the numeric ID, whatever form the rule used");
            Assert.That(_h.State.Get(GitLabAdapter.IssueIidKey), Is.EqualTo("1"));
            Assert.That(_gitlab.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Created_FirstIssueInARoutedProject_CreatesItsColouredLabelsOnceOnly()
    {
        foreach (var id in new[] { "3f1e0c2a-0000-4000-8000-0000000000a1", "3f1e0c2a-0000-4000-8000-0000000000a2" })
        {
            var context = new RequestCreatedContext(GitLabAdapterTests.Request(id), new AdapterRequestState()) { RoutedRecipients = [OpsId.ToString(CultureInfo.InvariantCulture)] };
            await _h.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);
        }

        var created = _gitlab.Server.RequestsTo("POST", "/api/v4/projects/4242/labels");
        Assert.Multiple(() =>
        {
            Assert.That(_ops.Labels, Is.SupersetOf(StatusLabels));
            Assert.That(created.Select(r => JsonNode.Parse(r.Body)!["color"]!.GetValue<string>()), Is.EqualTo(new[] { "#FFECDB", "#428BCA", "#D9534F", "#7F8C8D" }));
            Assert.That(_gitlab.Server.RequestsTo("GET", "/api/v4/projects/4242/labels"), Has.Count.EqualTo(1), "looked up once per process");
            Assert.That(_gitlab.Issues.Select(i => (i.ProjectId, i.Iid)), Is.EqualTo(new[] { (OpsId, 1L), (OpsId, 2L) }));
        });
    }

    [Test]
    public async Task LaterSteps_AfterARestartAndWithoutRouting_ActInTheRoutedProject()
    {
        var request = GitLabAdapterTests.Request();
        _h.RoutedRecipients = [OpsPath];
        Assert.That(await _h.CreatedAsync(request), Is.Null);

        // A restarted host: a new adapter instance with only the plugin data; the rule is gone meanwhile.
        var restarted = _h.CreateReplica(_options);
        _h.RoutedRecipients = null;
        var review = new AccessReview("bob", AccessRequestState.Approved, "fine", request.Created.AddMinutes(1));
        Assert.That(await _h.ReviewAsync((request with { Reviews = [review] }, review, 0), restarted), Is.Null);
        Assert.That(await _h.ResolvedAsync(request with { Reviews = [review], State = AccessRequestState.Approved }, restarted), Is.Null);

        var issue = _gitlab.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.ProjectId, Is.EqualTo(OpsId));
            Assert.That(issue.Notes, Has.Count.EqualTo(2));
            Assert.That(issue.State, Is.EqualTo("closed"));
            Assert.That(issue.Labels, Does.Contain("Teleport: Approved").And.Not.Contain("Teleport: Pending"));
            Assert.That(_gitlab.Server.Requests.Where(r => r.Method is "POST" or "PUT" && r.Path.Contains("/issues/", StringComparison.Ordinal)).Select(r => r.Path),
                Is.All.StartsWith("/api/v4/projects/4242/issues/1"));
        });
    }

    [Test]
    public async Task Created_ResumedInTheRoutedProject_FindsTheIssueThereAndCreatesNoSecond()
    {
        var request = GitLabAdapterTests.Request();
        _h.RoutedRecipients = [OpsPath];
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
            Assert.That(_h.State.Get(GitLabAdapter.ProjectIdKey), Is.EqualTo("4242"));
            Assert.That(_h.State.Get(GitLabAdapter.IssueIidKey), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Created_RoutedOutsideAllowedProjects_OpensInTheConfiguredProjectAndWarnsOnce()
    {
        _options.AllowedProjects = [OpsPath];
        var adapter = _h.CreateReplica(_options);
        _h.RoutedRecipients = ["sec/access", OpsPath];

        Assert.That(await _h.CreatedAsync(GitLabAdapterTests.Request(), adapter), Is.Null);

        var warnings = _h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues.Single().ProjectId, Is.EqualTo(_gitlab.ProjectId));
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings.Single(), Does.Contain("'sec/access'").And.Contain("allowed_projects").And.Contain(Configured));
        });
    }

    [Test]
    public async Task Created_RoutedToSomethingThatIsNoProject_OpensInTheConfiguredProjectAndWarns()
    {
        // A rule written for a chat adapter but naming gitlab.
        _h.RoutedRecipients = ["dba@example.com", OpsPath];

        Assert.That(await _h.CreatedAsync(GitLabAdapterTests.Request()), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues.Single().ProjectId, Is.EqualTo(_gitlab.ProjectId));
            Assert.That(_h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).Single(), Does.Contain("'dba@example.com'").And.Contain("neither a GitLab project ID nor"));
        });
    }

    [Test]
    public async Task Created_RoutedInsideAllowedProjects_OpensThere()
    {
        _options.AllowedProjects = ["OPS/Access"];
        var adapter = _h.CreateReplica(_options);
        _h.RoutedRecipients = [OpsPath];

        Assert.That(await _h.CreatedAsync(GitLabAdapterTests.Request(), adapter), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues.Single().ProjectId, Is.EqualTo(OpsId));
            Assert.That(_h.Host.Logs.Lines.Where(l => l.Level >= LogLevel.Warning), Is.Empty);
        });
    }

    [Test]
    public async Task Webhook_LabelAddedInARoutedProject_ResolvesItsRequest()
    {
        var request = GitLabAdapterTests.Request();
        _h.RoutedRecipients = [OpsPath];
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.Host.States.Remember(request.Id, _h.State);
        var issue = _gitlab.Issues.Single();
        _gitlab.AddLabel(OpsId, issue.Iid, "Teleport: Approved", 5, "carol");
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)_h.Adapter).MapRoutes(routes);

        var response = await routes.PostAsync("webhook", GitLabAdapterTests.Hook(issue, "Teleport: Approved"), GitLabAdapterTests.Headers());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(_h.Host.Reviews.StateChanges.Select(c => (c.RequestId, c.State, c.ExternalUser)), Is.EqualTo(new[] { (request.Id, AccessRequestState.Approved, "carol") }));
            Assert.That(_gitlab.Server.RequestsTo("GET", "/api/v4/projects/4242/issues/1"), Is.Not.Empty);
        });
    }
}
