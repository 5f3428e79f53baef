using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using static TeleportPlugins.Adapters.Slack.Tests.SlackHarness;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>Reminders of a pending request (the chat adapters' shared <c>ChatAdapter</c>, seen through Slack's API).</summary>
public sealed class SlackReminderTests
{
    [Test]
    public async Task Reminder_Pending_RepliesInEveryThreadWithTheLinkAndNothingElse()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var roots = h.Fake.RootMessages;

        Assert.That(await h.Run.ReminderAsync(request, 1, []), Is.Null);

        var replies = h.Fake.Messages.Where(m => m.ThreadTs is not null).ToList();
        Assert.That(replies.Select(r => (r.Channel, r.ThreadTs)), Is.EqualTo(roots.Select(r => (r.Channel, (string?)r.Ts))));
        Assert.That(replies[0].Text, Is.EqualTo($"Reminder 1: request {request.Id} is still waiting for a review.\n*Link*: {request.WebUiLink}"));
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(roots.Count), "no new message without escalation");
        Assert.That(h.Fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Reminder_Escalates_PostsOnceToEachEscalationRecipientNamingRequestRequesterRolesWaitAndLink()
    {
        await using var h = await StartAsync();
        h.Fake.AddChannel("leads", "C0LEADS");
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var root = h.Fake.RootMessages.Single();

        // "general" also holds the request message: its escalation post comes after the thread reply, in the channel's next slot.
        Assert.That(await h.ReminderAsync(request, 3, ["general", "leads"]), Is.Null);

        var escalations = h.Fake.RootMessages.Where(m => m.Ts != root.Ts).ToList();
        Assert.That(escalations.Select(m => m.Channel), Is.EqualTo(new[] { "C0GENERAL", "C0LEADS" }));
        Assert.That(escalations, Has.All.Matches<Fakes.Slack.SlackPostedMessage>(m =>
            m.BlocksText.StartsWith("*Escalated*: waiting for a review for 1h.\n", StringComparison.Ordinal)
            && m.BlocksText.Contains($"*ID*: {request.Id}", StringComparison.Ordinal)
            && m.BlocksText.Contains("*User*: alice@example.com", StringComparison.Ordinal)
            && m.BlocksText.Contains("*Role(s)*: editor", StringComparison.Ordinal)
            && m.BlocksText.Contains($"*Link*: {request.WebUiLink}", StringComparison.Ordinal)));
        Assert.That(escalations[1].Metadata, Does.Contain("\"item\":\"escalation:3:leads\""));
        Assert.That(h.Fake.Messages.Where(m => m.ThreadTs is not null).Select(m => m.ThreadTs), Is.EqualTo(new[] { root.Ts }), "the reminder itself is the thread reply");
        Assert.That(h.State.Get("escalations"), Is.EqualTo(string.Join(',', escalations.Select(m => $"{m.Channel}/{m.Ts}"))));
        Assert.That(h.State.Get("messages"), Is.EqualTo($"{root.Channel}/{root.Ts}"), "reviews and reminders are not replied to in escalation posts");
    }

    [Test]
    public async Task Reminder_EscalationRateLimitedForOneRecipient_RetryPostsOnlyTheMissingOne()
    {
        await using var h = await StartAsync();
        h.Fake.AddChannel("leads", "C0LEADS");
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);

        // The thread reply and the escalation to #general pass, the escalation to #leads gets 429.
        h.Fake.RateLimitPosts(1, retryAfterSeconds: 1, afterSuccesses: 2);
        Assert.That(await h.ReminderAsync(request, 3, ["general", "leads"]), Is.InstanceOf<TransientAdapterException>());
        Assert.That(await h.ReminderAsync(request, 3, ["general", "leads"]), Is.Null);

        Assert.That(h.Fake.RootMessages.Count(m => m.Channel == "C0GENERAL"), Is.EqualTo(2), "the request message and one escalation");
        Assert.That(h.Fake.RootMessages.Count(m => m.Channel == "C0LEADS"), Is.EqualTo(1));
        Assert.That(h.Fake.Messages.Count(m => m.ThreadTs is not null), Is.EqualTo(1), "one thread reply");
    }

    [Test]
    public async Task Reminder_EscalationLostInACrash_ResumedOnAnotherReplica_FindsThePostsInsteadOfPostingAgain()
    {
        await using var h = await StartAsync();
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        Assert.That(await h.ReminderAsync(request, 3, ["general"]), Is.Null);
        var posted = h.Fake.Messages;
        h.Run.LoseLastAttempt();

        Assert.That(await h.ReminderAsync(request, 3, ["general"], h.CreateReplica()), Is.Null);

        Assert.That(h.Fake.Messages, Is.EqualTo(posted), "no second escalation post, no second reply");
        var escalation = posted.Single(m => m.ThreadTs is null && m.Metadata!.Contains("escalation:3:general", StringComparison.Ordinal));
        Assert.That(h.State.Get("escalations"), Is.EqualTo($"C0GENERAL/{escalation.Ts}"));
    }

    [Test]
    public async Task Reminder_EscalatesAgain_NewPostPerEscalatingReminder_AndResolutionEditsEveryPost()
    {
        await using var h = await StartAsync();
        h.Fake.AddChannel("leads", "C0LEADS");
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        Assert.That(await h.ReminderAsync(request, 3, ["leads"]), Is.Null);
        Assert.That(await h.ReminderAsync(request, 4, ["leads"]), Is.Null);
        var escalations = h.Fake.RootMessages.Where(m => m.Channel == "C0LEADS").ToList();
        Assert.That(escalations, Has.Count.EqualTo(2), "one post per escalating reminder");
        Assert.That(h.Fake.Messages.Where(m => m.ThreadTs is not null).Select(m => m.Text).ToList(), Has.Count.EqualTo(2).And.All.StartsWith("Reminder "), "replies only in the request message's thread");

        Assert.That(await h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);

        var edits = h.Fake.Updates.Where(u => u.Channel == "C0LEADS").ToList();
        Assert.That(edits.Select(u => u.Ts), Is.EqualTo(escalations.Select(m => m.Ts)));
        Assert.That(edits, Has.All.Matches<Fakes.Slack.SlackUpdatedMessage>(u => u.BlocksText.StartsWith("*Escalated*\n", StringComparison.Ordinal) && u.BlocksText.Contains("APPROVED", StringComparison.Ordinal)));
    }
}
