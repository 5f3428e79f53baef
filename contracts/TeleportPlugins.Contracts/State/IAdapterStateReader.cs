namespace TeleportPlugins.Contracts;

/// <summary>
/// Reads what the host has persisted for this adapter about a request, outside a lifecycle step. A webhook handler
/// uses it to accept calls only about tickets the host itself recorded (contract 1.1).
/// </summary>
public interface IAdapterStateReader
{
    /// <summary>The adapter's own state for a request (host bookkeeping removed), or null when the host recorded none.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state, or null.</returns>
    Task<IReadOnlyDictionary<string, string>?> ReadAsync(string requestId, CancellationToken cancellationToken);
}
