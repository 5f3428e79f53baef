using System.Text.Json;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Jira.Tests;

/// <summary>Reminders of a pending request: a comment on its issue, mentioning the escalation recipients when it escalates.</summary>
public sealed class JiraReminderTests
{
    private JiraApiFake _jira = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _jira = await JiraApiFake.StartAsync();
        _h = JiraTestHarness.StepHarness(_jira, new FakeTimeProvider());
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _jira.DisposeAsync();
    }

    [Test]
    public async Task Reminder_Pending_CommentsOnTheStoredIssue()
    {
        var request = JiraTestHarness.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var issue = _jira.Issues.Single();

        Assert.That(await _h.ReminderAsync(request, 2, []), Is.Null);

        var post = _jira.Server.RequestsTo("POST", $"/rest/api/2/issue/{issue.Id}/comment").Single();
        Assert.That(BodyOf(post.Body), Is.EqualTo(
            $"Reminder 2: request {request.Id} is still waiting for a review.\n\n{{color:#97a0af}}Teleport reference: teleport-request-{request.Id}/reminder:2{{color}}"));
        Assert.That(issue.Comments, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reminder_Escalates_MentionsEachRecipientAsJiraNotifiesThem()
    {
        var request = JiraTestHarness.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(await _h.ReminderAsync(request, 3, ["accountid:5b10ac8d82e05b22cc7d4ef5", "jsmith", "x] [evil|http://e"]), Is.Null);

        var comment = _jira.Issues.Single().Comments.Single().Body;
        Assert.That(comment, Does.StartWith(
            $"Reminder 3: request {request.Id} is still waiting for a review.\n"
            + "Escalated to [~accountid:5b10ac8d82e05b22cc7d4ef5], [~jsmith], x\\] \\[evil\\|http://e: waiting for a review for 1h.\n"));
    }

    [Test]
    public async Task Reminder_CommentLostInACrash_ResumedStepFindsItAndCommentsOnce()
    {
        var request = JiraTestHarness.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReminderAsync(request, 3, ["jsmith"]), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReminderAsync(request, 3, ["jsmith"]), Is.Null);

        Assert.That(_jira.Issues.Single().Comments, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reminder_NoIssueStored_CallsNothing()
    {
        Assert.That(await _h.ReminderAsync(JiraTestHarness.Request(), 1, []), Is.Null);

        Assert.That(_jira.Server.Requests, Is.Empty);
    }

    private static string BodyOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("body").GetString()!;
    }
}
