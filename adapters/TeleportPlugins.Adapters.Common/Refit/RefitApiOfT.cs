namespace TeleportPlugins.Adapters.Common.Refit;

/// <summary>A tool's Refit client and the <see cref="HttpClient"/> it sends through.</summary>
/// <typeparam name="T">The Refit interface.</typeparam>
/// <param name="Api">The generated client.</param>
/// <param name="Http">The adapter's own client (base address, credentials), ending in the host's.</param>
public sealed record RefitApi<T>(T Api, HttpClient Http) : IDisposable
{
    /// <summary>Disposes the adapter's own client; the host's is untouched.</summary>
    public void Dispose() => Http.Dispose();
}
