using System.Globalization;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.GitLab.Tests;

/// <summary>Exactly once across a crash (issue 15 point 4): a step resuming a lost attempt finds what it created in GitLab.</summary>
public sealed class GitLabResumeTests
{
    private const string RequestId = "3f1e0c2a-0000-4000-8000-00000000000b";

    private GitLabApiFake _gitlab = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    private string IssuesPath => $"/api/v4/projects/{_gitlab.ProjectId}/issues";

    [SetUp]
    public async Task StartAsync()
    {
        _gitlab = await GitLabApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _h = GitLabStepHarness.Start(_gitlab, _clock);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _gitlab.DisposeAsync();
    }

    [Test]
    public async Task Created_ResumedAfterTheIssueWasCreated_FindsItByLabelAndCreatesNoSecond()
    {
        var request = Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var issue = _gitlab.Issues.Single();
        Assert.Multiple(() =>
        {
            Assert.That(_h.State.Get(GitLabAdapter.IssueIidKey), Is.EqualTo(issue.Iid.ToString(CultureInfo.InvariantCulture)));
            Assert.That(_h.State.Get(GitLabAdapter.IssueIdKey), Is.EqualTo(issue.Id.ToString(CultureInfo.InvariantCulture)));
            Assert.That(_h.State.Get(GitLabAdapter.ProjectIdKey), Is.EqualTo(_gitlab.ProjectId.ToString(CultureInfo.InvariantCulture)));
            Assert.That(_gitlab.Server.RequestsTo("GET", IssuesPath).Single().QueryValue("labels"), Is.EqualTo($"teleport-request::{RequestId}"));
            Assert.That(_gitlab.Labels.Count(l => l.StartsWith("teleport-request::", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(_gitlab.Server.RequestsTo("POST", $"/api/v4/projects/{_gitlab.ProjectId}/labels"), Is.Empty);
        });

        // Later steps update the issue that was found.
        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);
        Assert.That(await _h.ResolvedAsync(request with { State = AccessRequestState.Approved }), Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
            Assert.That(issue.Notes, Has.Count.EqualTo(2));
            Assert.That(issue.State, Is.EqualTo("closed"));
            Assert.That(issue.Labels, Does.Contain("Teleport: Approved"));
        });
    }

    [Test]
    public async Task Created_ResumedAfterAnAttemptThatCreatedNothing_CreatesTheIssueOnce()
    {
        var request = Request();
        _gitlab.Server.FailNext("POST", IssuesPath, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
            Assert.That(_h.State.Get(GitLabAdapter.IssueIidKey), Is.EqualTo("1"));
            Assert.That(_gitlab.Server.RequestsTo("GET", IssuesPath), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterTheNoteWasPosted_PostsNoSecondNote()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        await _h.ReviewAsync(Review(request, 0));
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);
        Assert.That(await _h.ReviewAsync(Review(request, 1)), Is.Null);

        var notes = _gitlab.Issues.Single().Notes;
        Assert.Multiple(() =>
        {
            Assert.That(notes, Has.Exactly(1).EndsWith("/review:0 -->"));
            Assert.That(notes, Has.Exactly(1).EndsWith("/review:1 -->"));
            Assert.That(notes, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterAnAttemptThatPostedNothing_PostsTheNoteOnce()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        _gitlab.Server.FailNext("POST", $"{IssuesPath}/1/notes", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);

        Assert.That(_gitlab.Issues.Single().Notes, Has.Exactly(1).EndsWith("/review:0 -->"));
    }

    [Test]
    public async Task ReviewAdded_ResumedWithManyNotes_PagesToTheMarkedNote()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        await _h.ReviewAsync(Review(request, 0));
        var issue = _gitlab.Issues.Single();
        for (var i = 0; i < 150; i++)
        {
            issue.Notes.Add($"a comment {i}");
            issue.NoteStamps.Add((5000 + i, _gitlab.Now));
        }

        await _h.ReviewAsync(Review(request, 1));
        _h.LoseLastAttempt();
        issue.Notes.Insert(1, issue.Notes[^1]);
        issue.NoteStamps.Insert(1, issue.NoteStamps[^1]);
        issue.Notes.RemoveAt(issue.Notes.Count - 1);
        issue.NoteStamps.RemoveAt(issue.NoteStamps.Count - 1);

        Assert.That(await _h.ReviewAsync(Review(request, 1)), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Notes, Has.Exactly(1).EndsWith("/review:1 -->"));
            Assert.That(_gitlab.Server.RequestsTo("GET", $"{IssuesPath}/1/notes").Select(r => r.QueryValue("page")), Is.EqualTo(new[] { "1", "2" }));
        });
    }

    [Test]
    public async Task Resolved_ResumedAfterTheNoteButBeforeTheClose_ClosesWithoutASecondNote()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        var issue = _gitlab.Issues.Single();
        _gitlab.Server.FailNext("PUT", $"{IssuesPath}/1", FakeResponse.Unavailable());
        var denied = request with { State = AccessRequestState.Denied };
        Assert.That(await _h.ResolvedAsync(denied), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(denied), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Notes, Has.Count.EqualTo(1).And.All.StartsWith("Access request has been denied"));
            Assert.That(issue.State, Is.EqualTo("closed"));
            Assert.That(issue.Labels, Does.Contain("Teleport: Denied").And.Not.Contain("Teleport: Pending"));
            Assert.That(_h.State.Get(GitLabAdapter.ResolutionNoteKey), Is.EqualTo(issue.NoteStamps.Single().Id.ToString(CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Expired_ResumedAfterItsWholeAttempt_RepeatsNothing()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        await _h.ExpiredAsync(request);
        _h.LoseLastAttempt();
        var issue = _gitlab.Issues.Single();
        var events = issue.LabelEvents.Count;

        Assert.That(await _h.ExpiredAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(issue.Notes, Has.Count.EqualTo(1));
            Assert.That(issue.State, Is.EqualTo("closed"));
            Assert.That(issue.Labels.Count(l => l == "Teleport: Expired"), Is.EqualTo(1));
            Assert.That(issue.LabelEvents, Has.Count.EqualTo(events));
        });
    }

    [Test]
    public async Task Created_ResumedAttemptFailsItsSearch_TheRetryStillSearchesAndCreatesNoSecond()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        _h.LoseLastAttempt();
        _gitlab.Server.FailNext("GET", IssuesPath, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);

        // The host keeps the resumption when it releases the failed attempt's claim (tp_resumed): the retry still looks.
        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues, Has.Count.EqualTo(1));
            Assert.That(_h.State.Get(GitLabAdapter.IssueIidKey), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAttemptFailsItsLookup_TheRetryStillLooksAndPostsNoSecondNote()
    {
        var request = Request();
        await _h.CreatedAsync(request);
        await _h.ReviewAsync(Review(request, 0));
        _h.LoseLastAttempt();
        _gitlab.Server.FailNext("GET", $"{IssuesPath}/1/notes", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Not.Null);

        Assert.That(await _h.ReviewAsync(Review(request, 0)), Is.Null);
        Assert.That(await _h.ReviewAsync(Review(request, 1)), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues.Single().Notes, Has.Count.EqualTo(2));

            // Settled: the next review, not resumed, made no lookup.
            Assert.That(_gitlab.Server.RequestsTo("GET", $"{IssuesPath}/1/notes"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Steps_NotResumed_MakeNoLookup()
    {
        var request = Request();

        await _h.CreatedAsync(request);
        await _h.ReviewAsync(Review(request, 0));
        await _h.ResolvedAsync(request with { State = AccessRequestState.Approved });

        Assert.Multiple(() =>
        {
            Assert.That(_gitlab.Issues.Single().Notes, Has.Count.EqualTo(2));
            Assert.That(_gitlab.Server.Requests.Where(r => r.Method == "GET"), Is.Empty);
        });
    }

    private static AccessRequestSnapshot Request() => new()
    {
        Id = RequestId,
        Cluster = "teleport.example.com",
        User = "alice",
        Roles = ["dba"],
        Created = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero),
        WebUiLink = new Uri($"https://teleport.example.com/web/requests/{RequestId}"),
    };

    private static (AccessRequestSnapshot Request, AccessReview Review, int Index) Review(AccessRequestSnapshot request, int index)
    {
        var review = new AccessReview($"reviewer-{index}", AccessRequestState.Approved, "fine", request.Created.AddMinutes(index + 1));
        return (request with { Reviews = [.. request.Reviews, review] }, review, index);
    }
}
