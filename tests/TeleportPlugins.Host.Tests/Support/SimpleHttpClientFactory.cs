namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Hands out one shared HttpClient, enough for adapters that do not call HTTP in these tests.</summary>
internal sealed class SimpleHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly HttpClient _client = new();

    public HttpClient CreateClient(string name) => _client;

    public void Dispose() => _client.Dispose();
}
