using TeleportPlugins.Fakes;
using System.Text;
using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Fakes.Mailgun;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>The Mailgun transport against a fake that checks path, Basic auth and form fields as Mailgun does.</summary>
public sealed class MailgunTests
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

    private IAccessRequestAdapter Adapter(string? key = null) => new EmailAdapterFactory().Create(_context.Context, new EmailOptions
    {
        Mailgun = new MailgunOptions { Domain = _mailgun.Domain, PrivateKey = key ?? _mailgun.ApiKey, ApiUrl = _mailgun.ApiUrl },
        Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
    });

    [Test]
    public async Task Created_PostsOneFormPerRecipientWithBasicAuth_StoresMailgunIdsWithoutBrackets()
    {
        var state = new AdapterRequestState();
        var request = EmailRequests.Pending();

        await Adapter().OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        var posts = _mailgun.Server.RequestsTo("POST", _mailgun.MessagesPath);
        Assert.That(posts, Has.Count.EqualTo(2));
        Assert.That(posts[0].Header("Authorization"), Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + _mailgun.ApiKey))));
        var sent = _mailgun.Messages;
        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(m => m.To), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }));
            Assert.That(sent[0].From, Is.EqualTo("teleport@example.com"));
            Assert.That(sent[0].Subject, Is.EqualTo($"teleport.example.com Role Request {request.Id}"));
            Assert.That(sent[0].Text, Does.StartWith("You have a new Role Request:\n\n").And.Contain("User: alice@example.com\n").And.EndWith("Status: ⏳ PENDING\n"));
            Assert.That(sent[0].RequireTls, Is.EqualTo("true"));
            Assert.That(sent[0].InReplyTo, Is.Null);
            Assert.That(_mailgun.Server.Unmatched, Is.Empty);
        });
        var threads = state.Get("email_threads")!.Split(',');
        Assert.That(threads[0], Does.StartWith("dev-manager@example.com/").And.EndWith("/" + sent[0].Id.Trim('<', '>')));
    }

    [Test]
    public async Task Created_CallsGoThroughTheHostsHttpClient()
    {
        // The host's client carries the host's pipeline; a handler there marks every call that passes through it.
        using var hostClient = new HttpClient(new HostPipelineMark { InnerHandler = new HttpClientHandler() });
        var context = _context.Context;
        var adapter = new EmailAdapterFactory().Create(
            new AdapterContext { Name = context.Name, Logger = context.Logger, HttpClient = hostClient, TimeProvider = context.TimeProvider, Reviews = context.Reviews, RoleToRecipients = context.RoleToRecipients, Cluster = context.Cluster },
            new EmailOptions
            {
                Mailgun = new MailgunOptions { Domain = _mailgun.Domain, PrivateKey = _mailgun.ApiKey, ApiUrl = _mailgun.ApiUrl },
                Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
            });

        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(EmailRequests.Pending(), new AdapterRequestState()), CancellationToken.None);

        var posts = _mailgun.Server.RequestsTo("POST", _mailgun.MessagesPath);
        Assert.That(posts, Has.Count.EqualTo(2));
        Assert.That(posts.Select(p => p.Header(HostPipelineMark.Header)), Is.All.EqualTo("yes"));
        Assert.That(_mailgun.Messages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Reviewed_RepliesWithHeadersWrappingTheMailgunIdExactlyOnce()
    {
        var adapter = Adapter();
        var state = new AdapterRequestState();
        var request = EmailRequests.Pending() with { Reviews = [EmailRequests.Approval()] };
        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);

        await adapter.OnReviewAddedAsync(new ReviewAddedContext(request, state, request.Reviews[0], 0), CancellationToken.None);

        var sent = _mailgun.Messages;
        Assert.That(sent, Has.Count.EqualTo(4));
        Assert.Multiple(() =>
        {
            Assert.That(sent[2].To, Is.EqualTo(sent[0].To));
            Assert.That(sent[2].InReplyTo, Is.EqualTo(sent[0].Id));
            Assert.That(sent[2].References, Is.EqualTo(sent[0].Id));
            Assert.That(sent[3].InReplyTo, Is.EqualTo(sent[1].Id));
            Assert.That(sent[2].Text, Does.StartWith("bob@example.com reviewed the request"));
        });
    }

    [Test]
    public async Task Resolved_StateWrittenByTeleportsPlugin_RepliesInItsThreadsWithWellFormedIds()
    {
        // Teleport's plugin stored Mailgun's id with its brackets: "email/timestamp/<id>".
        var state = new AdapterRequestState([new("email_threads", "ops@example.com/2026-11-21 09:00:00 +0000 UTC/<20261121.1.5820@mg.example.com>")]);
        var request = EmailRequests.Pending() with { State = AccessRequestState.Denied, ResolveReason = "not now", User = "alice" };

        await Adapter().OnRequestResolvedAsync(new RequestResolvedContext(request, state), CancellationToken.None);

        var reply = _mailgun.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(reply.To, Is.EqualTo("ops@example.com"));
            Assert.That(reply.InReplyTo, Is.EqualTo("<20261121.1.5820@mg.example.com>"));
            Assert.That(reply.Text, Does.EndWith("Status: ❌ DENIED (not now)\n"));
        });
    }

    [Test]
    public async Task Resolved_ThirdThreadRateLimited_RetrySkipsTheRepliesAlreadySent()
    {
        var adapter = Adapter();
        var state = new AdapterRequestState();
        var request = EmailRequests.Pending() with { SuggestedReviewers = ["carol@example.com", "dave@example.com"] };
        await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state), CancellationToken.None);
        var approved = request with { State = AccessRequestState.Approved };
        _mailgun.Reject("dave@example.com", FakeResponse.Error(429, "{\"message\":\"Too many requests\"}", ("Retry-After", "7")));

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => adapter.OnRequestResolvedAsync(new RequestResolvedContext(approved, state), CancellationToken.None));
        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));

        _mailgun.Reject("dave@example.com", null);
        await adapter.OnRequestResolvedAsync(new RequestResolvedContext(approved, state), CancellationToken.None);

        var replies = _mailgun.Messages.Skip(3).Select(m => m.To).ToList();
        Assert.That(replies, Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com", "dave@example.com", "alice@example.com" }));
    }

    [TestCase(500, typeof(TransientAdapterException))]
    [TestCase(503, typeof(TransientAdapterException))]
    [TestCase(400, typeof(PermanentAdapterException))]
    public async Task Created_MailgunFails_TransientOrPermanentWithMailgunsMessage(int status, Type expected)
    {
        _mailgun.Server.FailNext("POST", _mailgun.MessagesPath, FakeResponse.Error(status, "{\"message\":\"'to' parameter is not a valid address\"}"), count: 10);

        var error = Assert.CatchAsync(() => Adapter().OnRequestCreatedAsync(new RequestCreatedContext(EmailRequests.Pending(), new AdapterRequestState()), CancellationToken.None));

        Assert.That(error, Is.TypeOf(expected));
        Assert.That(error!.Message, Does.Contain($"HTTP {status}").And.Contain("not a valid address"));
    }

    [Test]
    public async Task CheckHealth_ReadsTheDomainWithTheKey()
    {
        var health = await Adapter().CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        Assert.That(health.Description, Does.Contain("mg.example.com").And.Contain("active"));
        Assert.That(_mailgun.Server.RequestsTo("GET", "/v3/domains/mg.example.com"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WrongKey_UnhealthyAndPermanent_AndTheKeyAppearsInNoLogLineOrExceptionMessage()
    {
        const string secret = "key-wrong0but0secret0000000000000";
        var adapter = Adapter(secret);

        var health = await adapter.CheckHealthAsync(CancellationToken.None);
        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => adapter.OnRequestCreatedAsync(new RequestCreatedContext(EmailRequests.Pending(), new AdapterRequestState()), CancellationToken.None));

        var texts = new List<string> { health.Description, error!.Message, error.ToString() };
        texts.AddRange(_context.Logs.Lines.Select(l => l.Message));
        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(error.Message, Does.Contain("HTTP 401"));
            Assert.That(_context.Logs.Lines, Is.Not.Empty);
            Assert.That(texts, Has.None.Contain(secret));
            Assert.That(_mailgun.Messages, Is.Empty);
        });
    }
}
