using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>The host's state store as adapter tests see it: whatever a test remembers for a request.</summary>
public sealed class RecordingStateReader : IAdapterStateReader
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _states = new(StringComparer.Ordinal);

    /// <summary>Records what the host would have persisted for a request after a step.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="state">The adapter's state.</param>
    public void Remember(string requestId, AdapterRequestState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _states[requestId] = state.ToDictionary();
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>?> ReadAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(_states.TryGetValue(requestId, out var state) && state.Count > 0 ? state : null);
}
