using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>One replica's connection to a <see cref="FakeTeleportCluster"/>, acting as one Teleport user.</summary>
internal sealed class FakeTeleportClient(FakeTeleportCluster cluster, string user) : ITeleportClient
{
    /// <summary>The Teleport user this client acts as.</summary>
    public string User => user;

    public Task<TeleportClusterInfo> PingAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new TeleportClusterInfo("sim.example.com", "17.4.0", "proxy.example.com:443"));

    public async IAsyncEnumerable<TeleportWatchEvent> WatchAccessRequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = cluster.OpenStream(out var dropped);
        try
        {
            while (true)
            {
                var next = await ReadAsync(reader, dropped, cancellationToken);
                if (next is null)
                {
                    yield break;
                }

                yield return next;
            }
        }
        finally
        {
            cluster.CloseStream(reader);
        }
    }

    public async IAsyncEnumerable<IReadOnlyList<AccessRequestSnapshot>> ListAccessRequestPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await cluster.ListingGate.WaitAsync(cancellationToken);
        var startKey = string.Empty;
        do
        {
            // Each page is read when asked for, from the requests as they are then, as ListAccessRequests pages by key.
            var (page, next) = cluster.ListPage(startKey, first: startKey.Length == 0);
            if (page.Count > 0)
            {
                yield return page;
            }

            startKey = next;
        }
        while (startKey.Length > 0);
    }

    /// <summary>Runs before one request is read (the host's check right before a reminder), to change it at that moment.</summary>
    public Action<string>? BeforeGetAccessRequest { get; set; }

    public Task<AccessRequestSnapshot?> GetAccessRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        BeforeGetAccessRequest?.Invoke(requestId);
        return Task.FromResult(cluster.List().FirstOrDefault(r => string.Equals(r.Id, requestId, StringComparison.Ordinal)));
    }

    public Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken) =>
        Task.FromResult(cluster.GetPluginData(requestId, plugin));

    public Task UpdatePluginDataAsync(
        string requestId, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken)
    {
        cluster.UpdatePluginData(requestId, plugin, set, expect);
        return Task.CompletedTask;
    }

    public Task<AccessRequestSnapshot> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        Task.FromResult(cluster.SubmitReview(requestId, user, proposedState, reason));

    public Task SetAccessRequestStateAsync(string requestId, AccessRequestState state, string reason, string delegator, CancellationToken cancellationToken)
    {
        cluster.SetState(requestId, state, reason, delegator);
        return Task.CompletedTask;
    }

    private static async Task<TeleportWatchEvent?> ReadAsync(ChannelReader<TeleportWatchEvent> reader, Func<bool> dropped, CancellationToken cancellationToken)
    {
        // Yield first so a consumer never runs a whole burst synchronously on the producer's thread.
        await Task.Yield();
        if (dropped())
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "connection reset"));
        }

        if (!await reader.WaitToReadAsync(cancellationToken) || dropped())
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "connection reset"));
        }

        return reader.TryRead(out var next) ? next : await ReadAsync(reader, dropped, cancellationToken);
    }
}
