using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>A Teleport Auth Service the host's client talks to, and a way to drive it as other users would.</summary>
internal interface ITeleportPeer : IAsyncDisposable
{
    /// <summary>The host's client, as the plugin identity.</summary>
    ITeleportClient Client { get; }

    /// <summary>The cluster name Ping reports.</summary>
    string ClusterName { get; }

    Task<string> CreateRequestAsync(string user, IReadOnlyList<string> roles, string reason, IReadOnlyList<string> suggestedReviewers, IReadOnlyDictionary<string, string[]> annotations);

    Task ReviewAsync(string requestId, string author, AccessRequestState state, string reason);

    Task DeleteAsync(string requestId);

    Task DropWatchesAsync();

    Task<string?> DelegatorAsync(string requestId);
}
