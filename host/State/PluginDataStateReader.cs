using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.State;

/// <summary>An adapter's view of its own plugin data: the same entry the steps write, without the host's bookkeeping.</summary>
internal sealed class PluginDataStateReader(ITeleportClient client, string adapterName) : IAdapterStateReader
{
    public async Task<IReadOnlyDictionary<string, string>?> ReadAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var data = await client.GetPluginDataAsync(requestId, adapterName, cancellationToken);
        var own = data.Where(pair => !HostKeys.IsHostKey(pair.Key) && pair.Value.Length > 0).ToDictionary(StringComparer.Ordinal);
        return own.Count == 0 ? null : own;
    }
}
