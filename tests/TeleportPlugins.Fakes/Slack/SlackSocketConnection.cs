using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace TeleportPlugins.Fakes.Slack;

/// <summary>One Socket Mode connection, Slack's end: the test sends <c>hello</c>, envelopes and <c>disconnect</c>, and reads what the app sent (its acknowledgements).</summary>
public sealed class SlackSocketConnection
{
    private readonly WebSocket _socket;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SlackSocketConnection(WebSocket socket) => _socket = socket;

    /// <summary>Completes when the connection is closed (by either side).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Sends <c>hello</c>, as Slack does first on every connection.</summary>
    /// <param name="cancellationToken">Stops sending.</param>
    /// <returns>A task.</returns>
    public Task HelloAsync(CancellationToken cancellationToken) =>
        SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"fake-socket-mode","approximate_connection_time":18060},"connection_info":{"app_id":"A0FAKEAPP"}}""", cancellationToken);

    /// <summary>Sends <c>disconnect</c>: the app is to connect again with a new URL.</summary>
    /// <param name="reason">E.g. <c>refresh_requested</c>, <c>warning</c>.</param>
    /// <param name="cancellationToken">Stops sending.</param>
    /// <returns>A task.</returns>
    public Task DisconnectAsync(string reason, CancellationToken cancellationToken) =>
        SendAsync($$$"""{"type":"disconnect","reason":"{{{reason}}}","debug_info":{"host":"fake-socket-mode"}}""", cancellationToken);

    /// <summary>Sends one text message (one at a time, as WebSocket allows).</summary>
    /// <param name="json">The message.</param>
    /// <param name="cancellationToken">Stops sending.</param>
    /// <returns>A task.</returns>
    public Task SendAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>The next text message the app sent.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The message; throws <see cref="ChannelClosedException"/> once the connection is closed and all were read.</returns>
    public ValueTask<string> ReceiveAsync(CancellationToken cancellationToken) => _received.Reader.ReadAsync(cancellationToken);

    /// <summary>Drops the connection without a close handshake, as a network failure would.</summary>
    public void Abort() => _socket.Abort();

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    _received.Writer.TryWrite(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The connection dropped or the server stops.
        }
        finally
        {
            _received.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }
}
