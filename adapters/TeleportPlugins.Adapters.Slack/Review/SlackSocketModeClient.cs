using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Socket Mode: receives clicks over an outbound WebSocket, for hosts Slack cannot reach. <c>apps.connections.open</c>
/// (with the app-level token) gives a single-use URL; every envelope is acknowledged at once (Slack retries what is not
/// acknowledged within 3 seconds), an <c>interactive</c> one handed first to <see cref="SlackInteractions.Handle"/>, which
/// only starts its work, unless its envelope ID was seen already. A <c>disconnect</c> message (Slack refreshes connections regularly) makes it
/// connect again at once; a dropped or failed connection is retried with decorrelated jittered backoff. Stops on dispose.
/// </summary>
internal sealed partial class SlackSocketModeClient(
    RefitApi<ISlackAppApi> app, SlackInteractions interactions, ReplayGuard replays, TimeProvider time, ILogger logger) : IDisposable
{
    private const int MaxMessageBytes = 1024 * 1024;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private static readonly ToolCalls Calls = new("Slack");
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    /// <summary>Starts connecting (once).</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _stop.Dispose();
        app.Dispose();
    }

    /// <summary>
    /// Checks the app-level token at start-up with <c>apps.connections.open</c> (the URL it answers is left unused and
    /// expires): null when Slack accepts it, else why not (never the token).
    /// </summary>
    public async Task<string?> CheckTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await OpenAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return e.Message;
        }
    }

    /// <summary>The next wait: random between the first delay and three times the last, at most <see cref="MaxDelay"/>.</summary>
    internal static TimeSpan NextDelay(TimeSpan last)
    {
        var upper = Math.Max(last.Ticks, FirstDelay.Ticks) * 3;
        return TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, Random.Shared.NextInt64(FirstDelay.Ticks, upper)));
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (refresh, greeted) = (false, false);
            try
            {
                var url = await OpenAsync(cancellationToken);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(url, cancellationToken);
                (refresh, greeted) = await ReceiveAsync(socket, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                return; // disposed: the client and its token are gone
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or PermanentAdapterException or TransientAdapterException)
            {
                LogDropped(logger, e.Message);
            }

            if (refresh)
            {
                delay = TimeSpan.Zero;
                continue;
            }

            delay = NextDelay(greeted ? TimeSpan.Zero : delay);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Uri> OpenAsync(CancellationToken cancellationToken)
    {
        const string Method = "apps.connections.open";
        var response = await Calls.SendAsync(Method, () => app.Api.OpenConnectionAsync(cancellationToken), cancellationToken);
        return response is { Ok: true, Url: { } url }
            ? url
            : throw new PermanentAdapterException($"Slack {Method} failed: {response.Error ?? "no URL"} (check [slack.review] app_token)");
    }

    /// <summary>Reads messages until the connection ends; whether Slack asked to reconnect, and whether it said hello.</summary>
    private async Task<(bool Refresh, bool Greeted)> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        var greeted = false;
        while (socket.State == WebSocketState.Open)
        {
            message.SetLength(0);
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close || message.Length + received.Count > MaxMessageBytes)
                {
                    LogDropped(logger, received.MessageType == WebSocketMessageType.Close ? $"closed by Slack ({received.CloseStatus})" : "message too large");
                    return (false, greeted);
                }

                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            switch (Parse(message))
            {
                case { EnvelopeId: { Length: > 0 } envelope } envelopeMessage:
                    // Dispatch only starts the work, so the acknowledgement still goes at once; a lost one makes Slack
                    // deliver the envelope again, which the replay check drops.
                    Dispatch(envelope, envelopeMessage);
                    await AckAsync(socket, envelope, cancellationToken);
                    break;
                case { Type: "hello" }:
                    greeted = true;
                    LogConnected(logger);
                    break;
                case { Type: "disconnect", Reason: "link_disabled" }:
                    // Socket Mode was turned off in the app's settings: connecting again at once would loop.
                    LogDisabled(logger);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "disabled", cancellationToken);
                    return (false, false);
                case { Type: "disconnect" } disconnect:
                    LogRefresh(logger, disconnect.Reason ?? "unknown");
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", cancellationToken);
                    return (true, greeted);
                default:
                    break;
            }
        }

        return (false, greeted);
    }

    private static SlackSocketMessage? Parse(MemoryStream message)
    {
        try
        {
            return JsonSerializer.Deserialize(message.GetBuffer().AsSpan(0, (int)message.Length), SlackJsonContext.Default.SlackSocketMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task AckAsync(ClientWebSocket socket, string envelope, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new SlackSocketAck(envelope), SlackJsonContext.Default.SlackSocketAck), WebSocketMessageType.Text, true, cancellationToken);

    private void Dispatch(string envelope, SlackSocketMessage message)
    {
        if (message.Type != "interactive" || message.Payload is not { } json)
        {
            return;
        }

        if (replays.Check(envelope, time.GetUtcNow()) != ReplayCheck.Accepted)
        {
            SlackInteractions.LogReplayed(logger, "envelope_id");
            return;
        }

        SlackInteraction? payload;
        try
        {
            payload = json.Deserialize(SlackJsonContext.Default.SlackInteraction);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || !interactions.Handle(payload))
        {
            LogMalformed(logger);
        }
    }

    [LoggerMessage(EventId = 3645, Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(EventId = 3646, Level = LogLevel.Information, Message = "Slack Socket Mode asked to reconnect ({Reason}); connecting again")]
    private static partial void LogRefresh(ILogger logger, string reason);

    [LoggerMessage(EventId = 3647, Level = LogLevel.Warning, Message = "Slack Socket Mode connection lost or refused ({Error}); retrying with backoff")]
    private static partial void LogDropped(ILogger logger, string error);

    [LoggerMessage(EventId = 3649, Level = LogLevel.Warning, Message = "Slack Socket Mode is turned off in the Slack app's settings (disconnect: link_disabled); retrying with backoff until it is turned on")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 3648, Level = LogLevel.Warning, Message = "Slack Socket Mode: ignored an interactive payload the adapter cannot read")]
    private static partial void LogMalformed(ILogger logger);
}
