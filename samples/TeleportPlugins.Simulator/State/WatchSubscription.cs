using System.Threading.Channels;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// One open WatchEvents stream: the kinds it confirmed and a bounded queue of events in commit order. A watcher whose
/// queue is full is closed with an error instead of slowing the writer down, as Teleport's fanout does.
/// </summary>
internal sealed class WatchSubscription
{
    private readonly Channel<Event> _events;
    private readonly IReadOnlyList<WatchKind> _kinds;

    public WatchSubscription(IReadOnlyList<WatchKind> kinds, int capacity)
    {
        _kinds = kinds;
        _events = Channel.CreateBounded<Event>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            // Writes happen under the store lock, but Unwatch completes the channel from the stream's own thread.
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<Event> Events => _events.Reader;

    /// <summary>Queues an event if one of the watched kinds matches; called under the store lock, so never blocks.</summary>
    public void Offer(Event ev)
    {
        if (!Matches(ev))
        {
            return;
        }

        if (!_events.Writer.TryWrite(ev))
        {
            Close(TeleportErrors.BadParameter("watcher buffer overflow: the client is too slow"));
        }
    }

    public void Close(Exception error) => _events.Writer.TryComplete(error);

    public void Close() => _events.Writer.TryComplete();

    private bool Matches(Event ev)
    {
        if (ev.Type == Operation.Init)
        {
            return true;
        }

        // Each kind's events go only to the watchers that confirmed it; a DELETE names its kind in the header.
        var eventKind = ev.AccessMonitoringRule is not null ? AccessMonitoringRuleStore.Kind
            : ev.ResourceHeader is { } header ? header.Kind
            : AccessRequestStore.AccessRequestKind;
        foreach (var kind in _kinds)
        {
            if (kind.Kind != eventKind)
            {
                continue;
            }

            // Teleport filters PUTs by name and filter; DELETEs carry only a header and are not filtered.
            if (ev.AccessRequest is not { } request)
            {
                return true;
            }

            if (MatchesKind(kind, request))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesKind(WatchKind kind, AccessRequestV3 request)
    {
        if (kind.Name.Length > 0 && kind.Name != request.Metadata.Name)
        {
            return false;
        }

        foreach (var (key, value) in kind.Filter)
        {
            var actual = key switch
            {
                "id" => request.Metadata.Name,
                "user" => request.Spec.User,
                _ => request.Spec.State.ToString().ToUpperInvariant(),
            };
            if (value.Length > 0 && !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
