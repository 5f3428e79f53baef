namespace TeleportPlugins.Contracts;

/// <summary>The reader of a host that keeps no state: it knows no request.</summary>
public sealed class NoAdapterState : IAdapterStateReader
{
    private NoAdapterState()
    {
    }

    /// <summary>The instance.</summary>
    public static NoAdapterState Instance { get; } = new();

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>?> ReadAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>?>(null);
}
