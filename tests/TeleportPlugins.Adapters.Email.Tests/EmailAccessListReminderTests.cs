using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Mailgun;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>Access list review reminders: one e-mail to the owner, a new Message-ID each time.</summary>
public sealed class EmailAccessListReminderTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private MailgunApiFake _mailgun = null!;
    private AdapterTestContext _context = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _mailgun = await MailgunApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _context = new AdapterTestContext("email", _clock);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _context.Dispose();
        await _mailgun.DisposeAsync();
    }

    [Test]
    public async Task SendAccessListReminder_TwoReminders_MailsTheOwnerEachTimeWithItsOwnMessageId()
    {
        var sender = (IAccessListReminderSender)Adapter();
        var link = new Uri("https://teleport.example.com/web/accesslists/payroll");

        await sender.SendAccessListReminderAsync(new AccessListReminder("payroll", "Payroll admins", "alice@example.com", Due, null, link), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(7));
        await sender.SendAccessListReminderAsync(new AccessListReminder("payroll", "Payroll admins", "alice@example.com", Due, 2, link), CancellationToken.None);

        var sent = _mailgun.Messages;
        Assert.That(sent.Select(m => m.To), Is.EqualTo(new[] { "alice@example.com", "alice@example.com" }));
        Assert.That(sent[0].Subject, Is.EqualTo("Access List Payroll admins is due for a review"));
        Assert.That(sent[0].Text, Does.Contain("Access List Payroll admins is due for a review by 2026-12-01. Please review it soon!").And.Contain(link.ToString()));
        Assert.That(sent[1].Subject, Is.EqualTo("Access List Payroll admins is past due for a review"));
        Assert.That(sent[1].Text, Does.Contain("is 2 day(s) past due for a review!"));
        Assert.That(sent[1].Id, Is.Not.EqualTo(sent[0].Id));
    }

    [Test]
    public void SendAccessListReminder_OwnerNameIsNoAddress_PermanentAndNothingSent()
    {
        var sender = (IAccessListReminderSender)Adapter();

        Assert.ThrowsAsync<PermanentAdapterException>(() =>
            sender.SendAccessListReminderAsync(new AccessListReminder("payroll", "Payroll admins", "alice", Due, null, null), CancellationToken.None));
        Assert.That(_mailgun.Messages, Is.Empty);
    }

    private IAccessRequestAdapter Adapter() => new EmailAdapterFactory().Create(_context.Context, new EmailOptions
    {
        Mailgun = new MailgunOptions { Domain = _mailgun.Domain, PrivateKey = _mailgun.ApiKey, ApiUrl = _mailgun.ApiUrl },
        Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
    });
}
