using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Fakes.Slack;

/// <summary>
/// Slack's Socket Mode WebSocket endpoint on 127.0.0.1 (a host of its own, as Slack's <c>wss://wss-primary.slack.com</c>
/// is not the Web API's): it accepts only a URL that <c>apps.connections.open</c> handed out, once, and hands each
/// accepted connection to the test (<see cref="AcceptAsync"/>), which speaks for Slack on it.
/// </summary>
public sealed class SlackSocketModeServer : IAsyncDisposable
{
    private readonly Channel<SlackSocketConnection> _accepted = Channel.CreateUnbounded<SlackSocketConnection>();
    private readonly ConcurrentDictionary<string, byte> _tickets = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private Uri _base = null!;
    private int _connections;
    private int _refused;

    private SlackSocketModeServer()
    {
    }

    /// <summary>How many WebSocket connections were accepted.</summary>
    public int Connections => _connections;

    /// <summary>How many connection attempts were refused (no URL from apps.connections.open, or one used already).</summary>
    public int Refused => _refused;

    /// <summary>Starts the server.</summary>
    /// <returns>The server.</returns>
    public static async Task<SlackSocketModeServer> StartAsync()
    {
        var server = new SlackSocketModeServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        // Open WebSockets would hold a graceful stop for its whole default timeout; a test's fake stops at once.
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server._base = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/");
        server._app = app;
        return server;
    }

    /// <summary>The next connection the adapter opens.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The connection.</returns>
    public ValueTask<SlackSocketConnection> AcceptAsync(CancellationToken cancellationToken) => _accepted.Reader.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A new single-use URL, as <c>apps.connections.open</c> answers.</summary>
    internal Uri NewUrl()
    {
        var ticket = Guid.NewGuid().ToString("N");
        _tickets[ticket] = 0;
        return new Uri(_base, $"link/?ticket={ticket}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || context.Request.Path != "/link/" || !_tickets.TryRemove(ticket, out _))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new SlackSocketConnection(socket);
        Interlocked.Increment(ref _connections);
        _accepted.Writer.TryWrite(connection);
        await connection.RunAsync(context.RequestAborted);
    }
}
