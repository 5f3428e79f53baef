using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos;

namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>An open WatchEvents stream read one event at a time, with a hang guard.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _cancel = new();
    private readonly AsyncServerStreamingCall<Event> _call;

    public WatchReader(SimulatorClient client, Watch watch)
    {
        _call = client.Auth.WatchEvents(watch, cancellationToken: _cancel.Token);
    }

    public static Watch AccessRequests() => new() { Kinds = { new Host.Teleport.Protos.Types.WatchKind { Kind = "access_request" } } };

    public async Task<Event> NextAsync()
    {
        if (!await _call.ResponseStream.MoveNext(_cancel.Token).WaitAsync(Patience))
        {
            throw new InvalidOperationException("the watch stream ended");
        }

        return _call.ResponseStream.Current;
    }

    /// <summary>The next event about request <paramref name="id"/>, skipping other requests' events.</summary>
    public async Task<Event> NextForAsync(string id)
    {
        while (true)
        {
            var ev = await NextAsync();
            var name = ev.AccessRequest?.Metadata.Name ?? ev.ResourceHeader?.Metadata.Name;
            if (name == id)
            {
                return ev;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cancelling our own call; disposing the call resets its stream.
        await _cancel.CancelAsync();
        _call.Dispose();
        _cancel.Dispose();
    }
}
