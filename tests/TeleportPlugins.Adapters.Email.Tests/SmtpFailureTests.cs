using System.Net;
using System.Net.Sockets;
using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>Refusals, deferrals, outages and TLS problems against a real SMTP server: clear errors, nothing lost or sent twice.</summary>
public sealed class SmtpFailureTests
{
    private readonly List<IAsyncDisposable> _servers = [];
    private AdapterTestContext _context = null!;

    [SetUp]
    public void SetUp() => _context = new AdapterTestContext("email", roleToRecipients: EmailRequests.Recipients());

    [TearDown]
    public async Task TearDownAsync()
    {
        _context.Dispose();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }

    private async Task<SmtpTestServer> StartAsync(bool startTls = false, string? username = null, string? password = null)
    {
        var server = await SmtpTestServer.StartAsync(startTls, username, password);
        _servers.Add(server);
        return server;
    }

    private IAccessRequestAdapter Adapter(string host, int port, StartTlsPolicy policy = StartTlsPolicy.Disabled, string caFile = "", string username = "", string password = "", TimeSpan? timeout = null) =>
        new EmailAdapterFactory().Create(_context.Context, new EmailOptions
        {
            Smtp = new SmtpOptions { Host = host, Port = port, StartTlsPolicy = policy, CaFile = caFile, Username = username, Password = password },
            Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });

    private static Task CreateAsync(IAccessRequestAdapter adapter, AdapterRequestState state) =>
        adapter.OnRequestCreatedAsync(new RequestCreatedContext(EmailRequests.Pending(), state), CancellationToken.None);

    [Test]
    public async Task Created_ServerRefusesSender550_PermanentWithTheServersReply_NothingRecorded()
    {
        var server = await StartAsync();
        server.ForceReply("MAIL", "550 5.7.1 sender teleport@example.com refused");
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => CreateAsync(Adapter(server.Host, server.Port), state));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"127.0.0.1:{server.Port}").And.Contain("550").And.Contain("sender teleport@example.com refused"));
            Assert.That(state.Get("email_threads"), Is.Null);
            Assert.That(server.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task Created_ServerDefersSender451_TransientThenRetryDeliversEveryRecipientOnce()
    {
        var server = await StartAsync();
        var adapter = Adapter(server.Host, server.Port);
        var state = new AdapterRequestState();
        server.ForceReply("MAIL", "451 4.3.0 mail system busy, try later");

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => CreateAsync(adapter, state));
        Assert.That(error!.Message, Does.Contain("451").And.Contain("try later"));
        Assert.That(state.Get("email_threads"), Is.Null);

        server.ForceReply("MAIL", null);
        await CreateAsync(adapter, state);

        Assert.That(server.Messages.Select(m => m.RcptTos.Single()), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }));
        Assert.That(state.Get("email_threads")!.Split(','), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task Created_OneRecipientDeferred_OtherIsRecordedAtOnce_RetrySendsOnlyTheMissingOne()
    {
        var server = await StartAsync();
        var adapter = Adapter(server.Host, server.Port);
        var state = new AdapterRequestState();
        server.ForceReply("RCPT carol@example.com", "452 4.2.2 mailbox full");

        Assert.ThrowsAsync<TransientAdapterException>(() => CreateAsync(adapter, state));
        Assert.That(state.Get("email_threads"), Does.StartWith("dev-manager@example.com/").And.Not.Contain("carol"));

        server.ForceReply("RCPT carol@example.com", null);
        await CreateAsync(adapter, state);

        Assert.That(server.Messages.Select(m => m.RcptTos.Single()), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }));
        Assert.That(state.Get("email_threads")!.Split(',').Select(t => t.Split('/')[0]), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }));
    }

    [Test]
    public async Task Created_ServerDown_TransientNamingTheServer_NothingRecorded_DeliveredOnceItIsUp()
    {
        var port = UnusedPort();
        var state = new AdapterRequestState();
        var down = Adapter("127.0.0.1", port);

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => CreateAsync(down, state));
        var health = await down.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}"));
            Assert.That(state.Get("email_threads"), Is.Null);
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain($"127.0.0.1:{port}"));
        });

        var server = await StartAsync();
        await CreateAsync(Adapter(server.Host, server.Port), state);
        Assert.That(server.Messages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Mandatory_ServerWithoutStartTls_UnhealthyAndSendingFailsPermanentlyInClearText()
    {
        var server = await StartAsync(startTls: false);
        var adapter = Adapter(server.Host, server.Port, StartTlsPolicy.Mandatory);

        var health = await adapter.CheckHealthAsync(CancellationToken.None);
        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => CreateAsync(adapter, new AdapterRequestState()));

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain("does not offer STARTTLS"));
            Assert.That(error!.Message, Does.Contain($"127.0.0.1:{server.Port}"));
            Assert.That(server.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task Disabled_ServerOffersStartTls_SendsInClearText()
    {
        var server = await StartAsync(startTls: true);

        await CreateAsync(Adapter(server.Host, server.Port, StartTlsPolicy.Disabled), new AdapterRequestState());

        Assert.That(server.Messages.Select(m => m.Tls), Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public async Task CaFile_GivenToOneAdapterOnly_ItDeliversWhileAnotherAdapterWithoutItIsRefused()
    {
        var server = await StartAsync(startTls: true);
        var trusting = Adapter(server.Host, server.Port, StartTlsPolicy.Mandatory, server.CaFile!);
        var untrusting = Adapter(server.Host, server.Port, StartTlsPolicy.Mandatory);

        // The trusting adapter goes first: a trust it installed process-wide would let the second one through.
        await CreateAsync(trusting, new AdapterRequestState());
        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => CreateAsync(untrusting, new AdapterRequestState()));
        var health = await untrusting.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(server.Messages.Select(m => m.Tls), Is.EqualTo(new[] { true, true }), "only the trusting adapter's e-mails");
            Assert.That(error!.Message, Does.Contain("TLS handshake").And.Contain($"127.0.0.1:{server.Port}").And.Contain("ca_file"));
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain("TLS handshake"));
        });
    }

    [Test]
    public async Task CaFile_OfAnotherCa_IsRefused()
    {
        var server = await StartAsync(startTls: true);

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => CreateAsync(Adapter(server.Host, server.Port, StartTlsPolicy.Mandatory, server.WriteUnrelatedCaFile()), new AdapterRequestState()));

        Assert.That(error!.Message, Does.Contain("TLS handshake"));
        Assert.That(server.Messages, Is.Empty);
    }

    [Test]
    public async Task WrongPassword_PermanentAndUnhealthyNamingServerAndUser_TheSecretAppearsNowhere()
    {
        const string secret = "wr0ng-but-s3cret-passw0rd";
        var server = await StartAsync(startTls: true, username: "teleport@example.com", password: "the-right-one");
        var adapter = Adapter(server.Host, server.Port, StartTlsPolicy.Mandatory, server.CaFile!, "teleport@example.com", secret);

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => CreateAsync(adapter, new AdapterRequestState()));
        var health = await adapter.CheckHealthAsync(CancellationToken.None);

        var messages = new List<string> { health.Description };
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            messages.Add(e.ToString());
        }

        messages.AddRange(_context.Logs.Lines.Select(l => l.Message));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"127.0.0.1:{server.Port}").And.Contain("refused the credentials of user teleport@example.com").And.Contain("535"));
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain($"127.0.0.1:{server.Port}").And.Contain("refused the credentials of user teleport@example.com"));
            Assert.That(_context.Logs.Lines, Is.Not.Empty);
            Assert.That(messages, Has.None.Contain(secret));
            Assert.That(server.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task CheckHealth_RightPassword_AuthenticatesOverStartTls()
    {
        var server = await StartAsync(startTls: true, username: "teleport@example.com", password: "the-right-one");

        var health = await Adapter(server.Host, server.Port, StartTlsPolicy.Mandatory, server.CaFile!, "teleport@example.com", "the-right-one").CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True, health.Description);
        Assert.That(health.Description, Does.Contain("over STARTTLS and accepts the credentials of teleport@example.com"));
    }

    [TestCase("421 4.3.2 service shutting down", "deferred")]
    [TestCase("554 5.3.0 mail system disabled", "refused")]
    public async Task CheckHealth_NoopAnsweredWithAnError_UnhealthyWithTheReply(string reply, string verdict)
    {
        var server = await StartAsync();
        server.ForceReply("NOOP", reply);

        var health = await Adapter(server.Host, server.Port).CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain(reply).And.Contain(verdict));
    }

    [Test]
    public async Task Created_ServerHangsUpBeforeTheGreeting_TransientNamingTheServer()
    {
        // Not an SMTP server's behaviour aiosmtpd can be told to show: a listener that closes every connection at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hangUps = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
            }
        });
        var state = new AdapterRequestState();

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => CreateAsync(Adapter("127.0.0.1", port), state));
        await hangUps;

        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}"));
        Assert.That(state.Get("email_threads"), Is.Null);
    }

    [Test]
    public async Task Created_ServerNeverGreets_TransientWhenTheTimeoutIsSpent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var state = new AdapterRequestState();

        // The connections are accepted by the listener's backlog and never answered.
        var error = Assert.ThrowsAsync<TransientAdapterException>(() => CreateAsync(Adapter("127.0.0.1", port, timeout: TimeSpan.FromSeconds(1)), state));
        var health = await Adapter("127.0.0.1", port, timeout: TimeSpan.FromSeconds(1)).CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}"));
            Assert.That(state.Get("email_threads"), Is.Null);
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain($"127.0.0.1:{port}"));
        });
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
