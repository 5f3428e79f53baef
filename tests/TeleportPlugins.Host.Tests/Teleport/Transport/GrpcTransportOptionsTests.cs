using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

public sealed class GrpcTransportOptionsTests
{
    [Test]
    public void ApplyTo_PingEvery30Seconds_IsRefusedAndLeavesHandlerAlone()
    {
        var options = new GrpcTransportOptions { KeepAlivePingDelay = TimeSpan.FromSeconds(30) };
        using var handler = new SocketsHttpHandler();

        var error = Assert.Throws<ArgumentException>(() => options.ApplyTo(handler));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("KeepAlivePingDelay").And.Contain("too_many_pings"));
            Assert.That(handler.KeepAlivePingDelay, Is.EqualTo(Timeout.InfiniteTimeSpan), "nothing was applied");
        });
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var options = new GrpcTransportOptions
        {
            KeepAlivePingDelay = TimeSpan.FromSeconds(59),
            MaxSendMessageSize = 0,
            MaxReceiveMessageSize = -1,
            ConnectTimeout = TimeSpan.Zero,
        };

        Assert.That(options.Validate(), Has.Count.EqualTo(4));
    }

    [Test]
    public void Validate_NoPingsOrOneMinute_IsAccepted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new GrpcTransportOptions { KeepAlivePingDelay = Timeout.InfiniteTimeSpan }.Validate(), Is.Empty);
            Assert.That(new GrpcTransportOptions { KeepAlivePingDelay = TimeSpan.FromMinutes(1) }.Validate(), Is.Empty);
        });
    }

    [Test]
    public void ApplyTo_Defaults_ConfigureKeepAliveAndBoundedConnect()
    {
        using var handler = new SocketsHttpHandler();

        new GrpcTransportOptions().ApplyTo(handler);

        Assert.Multiple(() =>
        {
            Assert.That(handler.KeepAlivePingDelay, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(handler.KeepAlivePingTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(handler.KeepAlivePingPolicy, Is.EqualTo(HttpKeepAlivePingPolicy.WithActiveRequests));
            Assert.That(handler.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(handler.UseProxy, Is.False);
        });
    }

    [Test]
    public void Constructor_InvalidOptions_AreRefusedByTheInvoker()
    {
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        var options = new GrpcTransportOptions { KeepAlivePingDelay = TimeSpan.FromSeconds(30) };

        Assert.Throws<ArgumentException>(() => _ = new HttpGrpcCallInvoker(
            http, new Uri("http://127.0.0.1:1"), options, TimeProvider.System, new CapturingLogger()));
    }
}
