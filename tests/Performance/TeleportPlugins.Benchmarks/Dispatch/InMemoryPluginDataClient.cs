using System.Collections.Immutable;
using Grpc.Core;
using TeleportPlugins.Benchmarks.Support;

namespace TeleportPlugins.Benchmarks.Dispatch;

/// <summary>
/// Plugin data in memory with Teleport's compare-and-swap semantics (FailedPrecondition on a mismatch, empty means
/// absent, an empty value deletes), and nothing else: the dispatcher reads and writes plugin data and never watches.
/// Unlike the tests' FakeTeleportCluster, it can be emptied between benchmark operations, so millions of requests do
/// not pile up in the heap being measured.
/// </summary>
internal sealed class InMemoryPluginDataClient : PluginDataOnlyClient
{
    private static readonly ImmutableDictionary<string, string> Empty = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string RequestId, string Plugin), ImmutableDictionary<string, string>> _data = [];

    /// <summary>How many requests have plugin data of <paramref name="plugin"/> with <paramref name="key"/> set.</summary>
    public int CountWithKey(string plugin, string key)
    {
        lock (_gate)
        {
            return _data.Count(entry => entry.Key.Plugin == plugin && entry.Value.ContainsKey(key));
        }
    }

    /// <summary>Forgets every request's plugin data.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _data.Clear();
        }
    }

    public override Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(_data.GetValueOrDefault((requestId, plugin), Empty));
        }
    }

    public override Task UpdatePluginDataAsync(
        string requestId, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _data.GetValueOrDefault((requestId, plugin), Empty);
            foreach (var (key, expected) in expect)
            {
                if (!string.Equals(current.GetValueOrDefault(key, string.Empty), expected, StringComparison.Ordinal))
                {
                    return Task.FromException(new RpcException(new Status(StatusCode.FailedPrecondition, $"expectations not met for field \"{key}\"")));
                }
            }

            var next = current.ToBuilder();
            foreach (var (key, value) in set)
            {
                if (value.Length == 0)
                {
                    next.Remove(key);
                }
                else
                {
                    next[key] = value;
                }
            }

            _data[(requestId, plugin)] = next.ToImmutable();
            return Task.CompletedTask;
        }
    }
}
