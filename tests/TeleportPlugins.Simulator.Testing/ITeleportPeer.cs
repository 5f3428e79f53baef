using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Simulator.Testing;

/// <summary>A Teleport Auth Service the host's client talks to, and a way to drive it as other users would.</summary>
internal interface ITeleportPeer : IAsyncDisposable
{
    /// <summary>The host's client, as the plugin identity.</summary>
    ITeleportClient Client { get; }

    /// <summary>The same client's users and on-behalf reviews (approve-from-tool).</summary>
    ITeleportOnBehalfClient OnBehalf { get; }

    /// <summary>The plugin identity's Teleport user.</summary>
    string PluginUser { get; }

    /// <summary>The cluster name Ping reports.</summary>
    string ClusterName { get; }

    Task<string> CreateRequestAsync(string user, IReadOnlyList<string> roles, string reason, IReadOnlyList<string> suggestedReviewers, IReadOnlyDictionary<string, string[]> annotations);

    Task ReviewAsync(string requestId, string author, AccessRequestState state, string reason);

    Task DeleteAsync(string requestId);

    Task DropWatchesAsync();

    Task<string?> DelegatorAsync(string requestId);

    /// <summary>Adds a Teleport user with traits, as an administrator would.</summary>
    Task AddUserAsync(string name, IReadOnlyDictionary<string, string[]> traits);

    /// <summary>Adds a node or Kubernetes cluster with labels, which ListResources then lists.</summary>
    Task AddResourceAsync(string kind, string name, IReadOnlyDictionary<string, string> labels);

    /// <summary>Who Teleport recorded as having submitted the request's review by <paramref name="author"/>.</summary>
    Task<string?> SubmittedByAsync(string requestId, string author);
}
