using TeleportPlugins.Adapters.Testing;
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
}
