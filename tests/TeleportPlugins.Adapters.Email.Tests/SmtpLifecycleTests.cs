using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>
/// A request's whole life against a real SMTP server: plain, with STARTTLS, and with implicit TLS (the last two with a
/// self-signed CA given as ca_file, and AUTH).
/// </summary>
[TestFixture(SmtpSecurity.Plain)]
[TestFixture(SmtpSecurity.StartTls)]
[TestFixture(SmtpSecurity.ImplicitTls)]
public sealed class SmtpLifecycleTests(SmtpSecurity security)
{
    private readonly bool _tls = security != SmtpSecurity.Plain;
    private const string Username = "teleport@example.com";
    private const string Password = "s3cr3t-smtp-pa55word";
    private SmtpTestServer _server = null!;
    private AdapterTestContext _context = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _server = await SmtpTestServer.StartAsync(security == SmtpSecurity.StartTls, _tls ? Username : null, Password, implicitTls: security == SmtpSecurity.ImplicitTls);
        _context = new AdapterTestContext("email", roleToRecipients: EmailRequests.Recipients());
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _context.Dispose();
        await _server.DisposeAsync();
    }

    private EmailOptions Options(StartTlsPolicy? policy = null) => new()
    {
        Smtp = new SmtpOptions
        {
            Host = _server.Host,
            Port = _server.Port,
            Username = _tls ? Username : string.Empty,
            Password = _tls ? Password : string.Empty,
            StartTlsPolicy = policy ?? (_tls ? StartTlsPolicy.Mandatory : StartTlsPolicy.Disabled),
            ImplicitTls = security == SmtpSecurity.ImplicitTls,
            CaFile = _server.CaFile ?? string.Empty,
        },
        Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
    };

    private IAccessRequestAdapter Adapter(EmailOptions options) => new EmailAdapterFactory().Create(_context.Context, options);

    [Test]
    public async Task Lifecycle_CreatedReviewedApproved_ThreadsRepliesUnderEachRecipientsFirstEmail()
    {
        var adapter = Adapter(Options());
        var state = new AdapterRequestState();
        var request = EmailRequests.Pending();

        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var created = _server.Messages;
        Assert.That(created.Select(m => m.RcptTos.Single()), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }));
        var first = created[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.MailFrom, Is.EqualTo("teleport@example.com"));
            Assert.That(first.Header("From"), Is.EqualTo("teleport@example.com"));
            Assert.That(first.Header("To"), Is.EqualTo("dev-manager@example.com"));
            Assert.That(first.Header("Subject"), Is.EqualTo($"teleport.example.com Role Request {request.Id}"));
            Assert.That(first.Header("In-Reply-To"), Is.Null);
            Assert.That(first.Tls, Is.EqualTo(_tls));
            Assert.That(first.AuthenticatedAs, Is.EqualTo(_tls ? Username : null));
            Assert.That(first.Body, Is.EqualTo(
                "You have a new Role Request:\n\n" +
                $"ID: {request.Id}\n" +
                "Cluster: teleport.example.com\n" +
                "User: alice@example.com\n" +
                "Role(s): dev\n" +
                "Resource(s): /teleport.example.com/node/db-1\n" +
                "Reason: deploy hotfix INC-42\n" +
                $"Link: https://teleport.example.com/web/requests/{request.Id}\n" +
                "\nStatus: ⏳ PENDING\n"));
            Assert.That(first.Header("Message-ID"), Does.Match(@"^<[0-9A-Z]+\.[0-9A-Z]+@example\.com>$"));
        });
        var threads = state.Get("email_threads")!.Split(',');
        Assert.That(threads, Has.Length.EqualTo(2));
        Assert.That(threads[0], Does.StartWith("dev-manager@example.com/").And.EndWith("/" + first.Header("Message-ID")!.Trim('<', '>')));

        var reviewed = request with { Reviews = [EmailRequests.Approval()] };
        await adapter.OnReviewAddedAsync(new ReviewAddedContext(reviewed, state, reviewed.Reviews[0], 0), CancellationToken.None);
        var approved = reviewed with { State = AccessRequestState.Approved, ResolveReason = "ship it" };
        await adapter.OnRequestResolvedAsync(new RequestResolvedContext(approved, state), CancellationToken.None);

        var all = _server.Messages;
        Assert.That(all, Has.Count.EqualTo(2 + 2 + 2 + 1));
        foreach (var (recipient, original) in new[] { ("dev-manager@example.com", created[0]), ("carol@example.com", created[1]) })
        {
            var replies = all.Skip(2).Where(m => m.RcptTos.Single() == recipient).ToList();
            Assert.That(replies, Has.Count.EqualTo(2), recipient);
            foreach (var reply in replies)
            {
                Assert.Multiple(() =>
                {
                    Assert.That(reply.Header("In-Reply-To"), Is.EqualTo(original.Header("Message-ID")));
                    Assert.That(reply.Header("References"), Is.EqualTo(original.Header("Message-ID")));
                    Assert.That(reply.Header("Message-ID"), Is.Not.EqualTo(original.Header("Message-ID")));
                    Assert.That(reply.Header("Subject"), Is.EqualTo(original.Header("Subject")));
                });
            }

            Assert.That(replies[0].Body, Is.EqualTo("bob@example.com reviewed the request at 21 Nov 26 09:05 UTC.\nResolution: ✅ APPROVED.\nReason: looks fine.\n"));
            Assert.That(replies[1].Body, Does.StartWith("Role Request has been resolved:\n\n").And.EndWith("\nStatus: ✅ APPROVED (ship it)\n"));
        }

        var notice = all[^1];
        Assert.Multiple(() =>
        {
            Assert.That(notice.RcptTos, Is.EqualTo(new[] { "alice@example.com" }));
            Assert.That(notice.Header("In-Reply-To"), Is.Null);
            Assert.That(notice.Body, Does.StartWith("Your Role Request has been approved:\n\n").And.Contains("Status: ✅ APPROVED (ship it)"));
        });
    }

    [Test]
    public async Task Expiry_RepliesExpiredInEveryThread()
    {
        var adapter = Adapter(Options());
        var state = new AdapterRequestState();
        var request = EmailRequests.Pending();
        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        // After a restart the host may only know the ID: the threads come from the state.
        var bare = new AccessRequestSnapshot { Id = request.Id, Cluster = request.Cluster, User = string.Empty };
        await adapter.OnRequestExpiredAsync(new RequestExpiredContext(bare, state), CancellationToken.None);

        var messages = _server.Messages;
        Assert.That(messages, Has.Count.EqualTo(4));
        for (var i = 0; i < 2; i++)
        {
            var expired = messages[2 + i];
            Assert.Multiple(() =>
            {
                Assert.That(expired.RcptTos, Is.EqualTo(messages[i].RcptTos));
                Assert.That(expired.Header("In-Reply-To"), Is.EqualTo(messages[i].Header("Message-ID")));
                Assert.That(expired.Header("References"), Is.EqualTo(messages[i].Header("Message-ID")));
                Assert.That(expired.Body, Is.EqualTo($"Role Request has expired:\n\nID: {request.Id}\nCluster: teleport.example.com\n\nStatus: ⌛ EXPIRED\n"));
            });
        }
    }

    [Test]
    public async Task Opportunistic_UsesTlsExactlyWhenTheServerOffersIt()
    {
        var adapter = Adapter(Options(StartTlsPolicy.Opportunistic));
        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(EmailRequests.Pending(), new AdapterRequestState()), CancellationToken.None);

        Assert.That(_server.Messages.Select(m => m.Tls), Is.EqualTo(new[] { _tls, _tls }));
        Assert.That(_server.Messages.Select(m => m.AuthenticatedAs), Is.EqualTo(new[] { _tls ? Username : null, _tls ? Username : null }));
    }

    [Test]
    public async Task CheckHealth_ConnectTlsAuthNoop_IsHealthyAndSaysHowItConnected()
    {
        var health = await Adapter(Options(StartTlsPolicy.Opportunistic)).CheckHealthAsync(CancellationToken.None);

        var channel = security switch
        {
            SmtpSecurity.StartTls => "answers over STARTTLS and accepts the credentials of teleport@example.com",
            SmtpSecurity.ImplicitTls => "answers over implicit TLS and accepts the credentials of teleport@example.com",
            _ => "answers in clear text",
        };
        Assert.That(health.IsHealthy, Is.True, health.Description);
        Assert.That(health.Description, Is.EqualTo($"the SMTP server 127.0.0.1:{_server.Port} {channel}"));
        Assert.That(_server.Messages, Is.Empty, "a health check sends no e-mail");
    }
}
