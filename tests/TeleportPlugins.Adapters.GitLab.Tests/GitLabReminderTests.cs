using System.Text.Json;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.GitLab.Tests;

/// <summary>Reminders of a pending request: a note on its issue, @-mentioning the escalation recipients when it escalates.</summary>
public sealed class GitLabReminderTests
{
    private GitLabApiFake _gitlab = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _gitlab = await GitLabApiFake.StartAsync();
        _h = GitLabStepHarness.Start(_gitlab, new FakeTimeProvider());
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _gitlab.DisposeAsync();
    }

    [Test]
    public async Task Reminder_Escalates_NoteOnTheStoredIssueMentioningEachRecipient()
    {
        var request = Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var issue = _gitlab.Issues.Single();

        Assert.That(await _h.ReminderAsync(request, 3, ["@jsmith", "security/leads", "not a name"]), Is.Null);

        var post = _gitlab.Server.RequestsTo("POST", $"/api/v4/projects/{_gitlab.ProjectId}/issues/{issue.Iid}/notes").Single();
        using var body = JsonDocument.Parse(post.Body);
        Assert.That(body.RootElement.GetProperty("body").GetString(), Is.EqualTo(
            $"Reminder 3: request {request.Id} is still waiting for a review.\n"
            + "Escalated to @jsmith, @security/leads, `not a name`: waiting for a review for 1h.\n\n"
            + $"<!-- teleport-request::{request.Id}/reminder:3 -->"));
    }

    [Test]
    public async Task Reminder_NoteLostInACrash_ResumedStepFindsItAndNotesOnce()
    {
        var request = Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReminderAsync(request, 1, []), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReminderAsync(request, 1, []), Is.Null);

        Assert.That(_gitlab.Issues.Single().Notes, Is.EqualTo(new[] { $"Reminder 1: request {request.Id} is still waiting for a review.\n\n<!-- teleport-request::{request.Id}/reminder:1 -->" }));
    }

    private static AccessRequestSnapshot Request() => new()
    {
        Id = "3f1e0c2a-0000-4000-8000-00000000000c",
        Cluster = "teleport.example.com",
        User = "alice",
        Roles = ["dba"],
        Created = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero),
    };
}
