namespace TeleportPlugins.Host.Tests.Teleport.Transport;

/// <summary>Counts the HTTP requests that reach the network, to prove a call was refused before sending.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int count;

    public int Count => Volatile.Read(ref count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return base.SendAsync(request, cancellationToken);
    }
}
