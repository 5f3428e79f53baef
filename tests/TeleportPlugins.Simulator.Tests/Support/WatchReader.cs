using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>An open WatchEvents stream read one event at a time, with a hang guard.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _cancel = new();
    private readonly IAsyncEnumerator<Event> _events;

    public WatchReader(SimulatorClient client, Watch watch)
    {
        _events = client.Invoker
            .ServerStreamingAsync(AuthServiceMethods.WatchEvents, watch, GrpcCallOptions.None, _cancel.Token)
            .GetAsyncEnumerator(_cancel.Token);
    }

    public static Watch AccessRequests() => new() { Kinds = { new Host.Teleport.Protos.Types.WatchKind { Kind = "access_request" } } };

    public async Task<Event> NextAsync()
    {
        if (!await _events.MoveNextAsync().AsTask().WaitAsync(Patience))
        {
            throw new InvalidOperationException("the watch stream ended");
        }

        return _events.Current;
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
        await _cancel.CancelAsync();
        try
        {
            await _events.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Cancelling our own call.
        }

        _cancel.Dispose();
    }
}
