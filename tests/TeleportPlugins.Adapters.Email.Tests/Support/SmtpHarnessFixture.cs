using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>Tests of the e-mail adapter in the host-like harness against a real SMTP server (plain, no TLS) on a fake clock.</summary>
public abstract class SmtpHarnessFixture
{
    /// <summary>The SMTP server.</summary>
    protected SmtpTestServer Server { get; private set; } = null!;

    /// <summary>The adapter in the harness.</summary>
    protected AdapterHarness H { get; private set; } = null!;

    /// <summary>Starts the server and the adapter.</summary>
    /// <returns>A task.</returns>
    [SetUp]
    public async Task StartSmtpAsync()
    {
        Server = await SmtpTestServer.StartAsync(startTls: false);
        H = EmailHarness.Start(new SmtpOptions { Host = Server.Host, Port = Server.Port, StartTlsPolicy = StartTlsPolicy.Disabled }, null, new FakeTimeProvider());
    }

    /// <summary>Stops both.</summary>
    /// <returns>A task.</returns>
    [TearDown]
    public async Task StopSmtpAsync()
    {
        H.Dispose();
        await Server.DisposeAsync();
    }
}
