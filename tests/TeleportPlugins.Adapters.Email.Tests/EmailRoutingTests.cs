using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Mailgun;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>Addresses routed by Access Monitoring Rules replace role_to_recipients and the suggested reviewers.</summary>
public sealed class EmailRoutingTests
{
    private MailgunApiFake _mailgun = null!;
    private AdapterTestContext _context = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _mailgun = await MailgunApiFake.StartAsync();
        _context = new AdapterTestContext("email", roleToRecipients: EmailRequests.Recipients());
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _context.Dispose();
        await _mailgun.DisposeAsync();
    }

    [Test]
    public async Task Created_RoutedAddresses_MailsOnlyThemAndLogsOneThatIsNoAddress()
    {
        var request = EmailRequests.Pending();
        var routed = new RequestCreatedContext(request, new AdapterRequestState()) { RoutedRecipients = ["dba@example.com", "#not-an-address"] };

        await Adapter().OnRequestCreatedAsync(routed, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_mailgun.Messages.Select(m => m.To), Is.EqualTo(new[] { "dba@example.com" }));
            Assert.That(_context.Logs.Lines.Select(l => l.Message), Has.Some.Contains("#not-an-address"));
        });
    }

    private IAccessRequestAdapter Adapter() => new EmailAdapterFactory().Create(_context.Context, new EmailOptions
    {
        Mailgun = new MailgunOptions { Domain = _mailgun.Domain, PrivateKey = _mailgun.ApiKey, ApiUrl = _mailgun.ApiUrl },
        Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
    });
}
