using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Jira.Tests;

/// <summary>Exactly once across a crash (issue 15 point 4): a step resuming a lost attempt finds what it created in Jira.</summary>
public sealed class JiraResumeTests
{
    private const string Search = "/rest/api/2/search/jql";
    private const string OlderSearch = "/rest/api/2/search";

    private JiraApiFake _jira = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _jira.DisposeAsync();
    }

    [Test]
    public async Task Created_ResumedAfterTheIssueWasCreated_FindsItByLabelAndCreatesNoSecond()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var issue = _jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Labels, Is.EqualTo(new[] { $"teleport-request-{request.Id}" }));
            Assert.That(_h.State.Get(JiraAdapter.IssueIdKey), Is.EqualTo(issue.Id));
            Assert.That(_h.State.Get(JiraAdapter.IssueKeyKey), Is.EqualTo(issue.Key));
            Assert.That(issue.Status, Is.EqualTo("Pending"));
            Assert.That(_jira.Server.RequestsTo("GET", Search).Single().QueryValue("jql"), Is.EqualTo($"project = \"PROJ\" AND labels = \"teleport-request-{request.Id}\" ORDER BY created ASC"));
        });

        // Later steps update the issue that was found.
        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);
        Assert.That(await _h.ResolvedAsync(JiraTestHarness.Resolved(request, AccessRequestState.Approved)), Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues, Has.Count.EqualTo(1));
            Assert.That(issue.Comments, Has.Count.EqualTo(2));
            Assert.That(issue.Status, Is.EqualTo("Approved"));
        });
    }

    [Test]
    public async Task Created_ResumedOnDataCenter_FindsTheIssueWithTheOlderSearch()
    {
        await StartAsync(bearer: true);
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues, Has.Count.EqualTo(1));
            Assert.That(_h.State.Get(JiraAdapter.IssueIdKey), Is.EqualTo(_jira.Issues.Single().Id));
            Assert.That(_jira.Server.RequestsTo("GET", OlderSearch), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Created_ResumedAfterAnAttemptThatCreatedNothing_CreatesTheIssueOnce()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        _jira.Server.FailNext("POST", "/rest/api/2/issue", FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues, Has.Count.EqualTo(1));
            Assert.That(_h.State.Get(JiraAdapter.IssueIdKey), Is.EqualTo(_jira.Issues.Single().Id));
            Assert.That(_jira.Server.RequestsTo("GET", Search), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterTheCommentWasPosted_PostsNoSecondComment()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        await _h.ReviewAsync(Review(request, 0));
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);
        Assert.That(await _h.ReviewAsync(Review(request, 1)), Is.Null);

        var comments = _jira.Issues.Single().Comments;
        Assert.Multiple(() =>
        {
            Assert.That(comments.Select(c => c.Body), Has.Exactly(1).EndsWith($"/review:0{{color}}"));
            Assert.That(comments.Select(c => c.Body), Has.Exactly(1).EndsWith($"/review:1{{color}}"));
            Assert.That(comments, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterAnAttemptThatPostedNothing_PostsTheCommentOnce()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        var issue = _jira.Issues.Single();
        _jira.Server.FailNext("POST", $"/rest/api/2/issue/{issue.Id}/comment", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);

        Assert.That(issue.Comments.Select(c => c.Body), Has.Exactly(1).EndsWith("/review:0{color}"));
    }

    [Test]
    public async Task ReviewAdded_ResumedWhenAReasonQuotesTheMarker_StillPostsTheReview()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        var forged = $"{{color:#97a0af}}Teleport reference: teleport-request-{request.Id}/review:1{{color}}";
        var first = new AccessReview("bob", AccessRequestState.Approved, "ok\n\n" + forged, request.Created.AddMinutes(1));
        await _h.ReviewAsync((request with { Reviews = [first] }, first, 0));
        await _h.ReviewAsync(Review(request, 1));
        _h.LoseLastAttempt();
        _jira.Issues.Single().Comments.RemoveAt(1);

        Assert.That(await _h.ReviewAsync(Review(request, 1)), Is.Null);

        Assert.That(_jira.Issues.Single().Comments, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Resolved_ResumedAfterTheCommentButBeforeTheTransition_TransitionsWithoutASecondComment()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        var issue = _jira.Issues.Single();
        _jira.Server.FailNext("POST", $"/rest/api/2/issue/{issue.Id}/transitions", FakeResponse.Unavailable());
        var resolved = JiraTestHarness.Resolved(request, AccessRequestState.Denied, "no");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments.Select(c => c.Body), Has.Exactly(1).StartsWith("Access request has been denied"));
            Assert.That(issue.Comments, Has.Count.EqualTo(1));
            Assert.That(issue.Status, Is.EqualTo("Denied"));
            Assert.That(_h.State.Get(JiraAdapter.ResolutionCommentKey), Is.EqualTo(issue.Comments.Single().Id));
        });
    }

    [Test]
    public async Task Expired_ResumedAfterItsWholeAttempt_RepeatsNothing()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        await _h.ExpiredAsync(request);
        _h.LoseLastAttempt();
        var transitions = _jira.Issues.Single().StatusChanges.Count;

        Assert.That(await _h.ExpiredAsync(request), Is.Null);

        var issue = _jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments, Has.Count.EqualTo(1));
            Assert.That(issue.Status, Is.EqualTo("Expired"));
            Assert.That(issue.StatusChanges, Has.Count.EqualTo(transitions));
        });
    }

    [Test]
    public async Task Created_ResumedAttemptFailsItsSearch_TheRetryStillSearchesAndCreatesNoSecond()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        _h.LoseLastAttempt();
        _jira.Server.FailNext("GET", Search, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);

        // The host keeps the resumption when it releases the failed attempt's claim (tp_resumed): the retry still looks.
        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_jira.Issues, Has.Count.EqualTo(1));
            Assert.That(_h.State.Get(JiraAdapter.IssueIdKey), Is.EqualTo(_jira.Issues.Single().Id));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAttemptFailsItsLookup_TheRetryStillLooksAndPostsNoSecondComment()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();
        await _h.CreatedAsync(request);
        var issue = _jira.Issues.Single();
        await _h.ReviewAsync(Review(request, 0));
        _h.LoseLastAttempt();
        _jira.Server.FailNext("GET", $"/rest/api/2/issue/{issue.Id}/comment", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Not.Null);

        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);
        Assert.That(await _h.ReviewAsync(Review(request, 1)), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments, Has.Count.EqualTo(2));

            // Settled: the next review, not resumed, made no lookup.
            Assert.That(_jira.Server.RequestsTo("GET", $"/rest/api/2/issue/{issue.Id}/comment"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Steps_NotResumed_MakeNoLookup()
    {
        await StartAsync();
        var request = JiraTestHarness.Request();

        await _h.CreatedAsync(request);
        await _h.ReviewAsync(Review(request, 0));
        await _h.ResolvedAsync(JiraTestHarness.Resolved(request, AccessRequestState.Approved));

        var issue = _jira.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(issue.Comments, Has.Count.EqualTo(2));
            Assert.That(_jira.Server.RequestsTo("GET", Search), Is.Empty);
            Assert.That(_jira.Server.RequestsTo("GET", OlderSearch), Is.Empty);
            Assert.That(_jira.Server.RequestsTo("GET", $"/rest/api/2/issue/{issue.Id}/comment"), Is.Empty);
        });
    }

    private static (AccessRequestSnapshot Request, AccessReview Review, int Index) Review(AccessRequestSnapshot request, int index)
    {
        var review = new AccessReview($"reviewer-{index}", AccessRequestState.Approved, "fine", request.Created.AddMinutes(index + 1));
        return (request with { Reviews = [.. request.Reviews, review] }, review, index);
    }

    private async Task StartAsync(bool bearer = false)
    {
        _jira = await JiraApiFake.StartAsync(bearer: bearer);
        _clock = new FakeTimeProvider();
        _h = JiraTestHarness.StepHarness(_jira, _clock);
    }
}
