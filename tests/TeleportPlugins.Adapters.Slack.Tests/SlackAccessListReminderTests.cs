using TeleportPlugins.Contracts;
using static TeleportPlugins.Adapters.Slack.Tests.SlackHarness;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>Access list review reminders reach the owner as a direct message, found by e-mail address.</summary>
public sealed class SlackAccessListReminderTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task SendAccessListReminder_OwnerWithSlackAccount_DirectMessageWithTextAndLink()
    {
        await using var h = await StartAsync();
        var sender = (IAccessListReminderSender)h.Adapter;

        await sender.SendAccessListReminderAsync(
            new AccessListReminder("payroll", "Payroll admins", "bob@example.com", Due, null, new Uri("https://teleport.example.com/web/accesslists/payroll")),
            CancellationToken.None);

        var message = h.Fake.RootMessages.Single();
        Assert.That(message.Channel, Is.EqualTo("D0BOB"));
        Assert.That(message.Text, Is.EqualTo("Access List Payroll admins is due for a review by 2026-12-01. Please review it soon!\nhttps://teleport.example.com/web/accesslists/payroll"));
        Assert.That(h.Fake.Server.RequestsTo("GET", "/api/users.lookupByEmail").Select(r => r.Query), Is.EqualTo(new[] { "?email=bob%40example.com" }));
    }

    [Test]
    public async Task SendAccessListReminder_OwnerNameIsNoEmail_PermanentWithoutCallingSlack()
    {
        await using var h = await StartAsync();
        var sender = (IAccessListReminderSender)h.Adapter;

        Assert.ThrowsAsync<PermanentAdapterException>(() =>
            sender.SendAccessListReminderAsync(new AccessListReminder("payroll", "Payroll admins", "bob", Due, 3, null), CancellationToken.None));
        Assert.That(h.Fake.RootMessages, Is.Empty);
    }
}
