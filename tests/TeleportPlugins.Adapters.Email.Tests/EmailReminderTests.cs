using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>
/// Reminders of a pending request over a real SMTP server: a reply in each recipient's thread, and escalation e-mails
/// that start a thread of their own for the escalation recipients.
/// </summary>
public sealed class EmailReminderTests : SmtpHarnessFixture
{
    [Test]
    public async Task Reminder_Pending_RepliesInEveryRecipientsThreadWithTheLink()
    {
        var request = EmailRequests.Pending();
        Assert.That(await H.CreatedAsync(request), Is.Null);
        var roots = Server.Messages;

        Assert.That(await H.ReminderAsync(request, 2, []), Is.Null);

        var replies = Server.Messages.Skip(roots.Count).ToList();
        Assert.That(replies.Select(m => m.RcptTos.Single()), Is.EqualTo(roots.Select(m => m.RcptTos.Single())));
        Assert.That(replies.Select(m => m.Header("In-Reply-To")), Is.EqualTo(roots.Select(m => m.Header("Message-ID"))));
        Assert.That(replies.Select(m => m.Header("References")), Is.EqualTo(roots.Select(m => m.Header("Message-ID"))));
        Assert.That(replies.Select(m => m.Header("Subject")), Has.All.EqualTo($"teleport.example.com Role Request {request.Id}"));
        Assert.That(replies[0].Body, Is.EqualTo($"Reminder 2: request {request.Id} is still waiting for a review.\nLink: {request.WebUiLink}\n"));
        Assert.That(replies[0].Header("Message-ID"), Is.EqualTo("<" + MessageIds.For(request.Id, "dev-manager@example.com", "reminder:2", "example.com") + ">"));
    }

    [Test]
    public async Task Reminder_Escalates_NewEmailToEachEscalationAddress_WhoseThreadThenGetsTheRequestsLaterEmails()
    {
        var request = EmailRequests.Pending();
        Assert.That(await H.CreatedAsync(request), Is.Null);
        var roots = Server.Messages;

        // dev-manager already has a thread: it gets the reminder, not a second, escalation e-mail.
        Assert.That(await H.ReminderAsync(request, 3, ["leads@example.com", "dev-manager@example.com", "not an address"]), Is.Null);

        var third = Server.Messages.Skip(roots.Count).ToList();
        Assert.That(third.Select(m => m.RcptTos.Single()), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com", "leads@example.com" }));
        var escalation = third[2];
        Assert.Multiple(() =>
        {
            Assert.That(escalation.Header("In-Reply-To"), Is.Null);
            Assert.That(escalation.Header("Subject"), Is.EqualTo($"teleport.example.com Role Request {request.Id}"));
            Assert.That(escalation.Body, Does.StartWith("Escalated: this Role Request has waited 3h for a review:\n\n"));
            Assert.That(escalation.Body, Does.Contain($"ID: {request.Id}\n").And.Contain("User: alice@example.com\n").And.Contain("Role(s): dev\n").And.Contain($"Link: {request.WebUiLink}\n"));
            Assert.That(H.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contain("Skipping recipient 'not an address'"));
        });

        Assert.That(await H.ReminderAsync(request, 4, ["leads@example.com"]), Is.Null);
        Assert.That(await H.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);

        var later = Server.Messages.Skip(roots.Count + third.Count).Where(m => m.RcptTos.Single() == "leads@example.com").ToList();
        Assert.That(later, Has.Count.EqualTo(2), "reminder 4 and the resolution, each a reply; no second escalation e-mail");
        Assert.That(later.Select(m => m.Header("In-Reply-To")), Has.All.EqualTo(escalation.Header("Message-ID")));
        Assert.That(later[0].Body, Does.StartWith("Reminder 4: "));
        Assert.That(later[1].Body, Does.StartWith("Role Request has been resolved:"));
    }

    [Test]
    public async Task Reminder_EscalationAddressRefusedForNow_RetrySendsOnlyTheEscalation()
    {
        var request = EmailRequests.Pending();
        Assert.That(await H.CreatedAsync(request), Is.Null);
        var roots = Server.Messages.Count;
        Server.ForceReply("RCPT leads@example.com", "451 4.3.0 mailbox busy, try later");

        Assert.That(await H.ReminderAsync(request, 3, ["leads@example.com"]), Is.InstanceOf<TransientAdapterException>());
        Server.ForceReply("RCPT leads@example.com", null);
        Assert.That(await H.ReminderAsync(request, 3, ["leads@example.com"]), Is.Null);

        var sent = Server.Messages.Skip(roots).Select(m => m.RcptTos.Single()).ToList();
        Assert.That(sent, Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com", "leads@example.com" }), "the replies once, then the escalation");
    }
}
