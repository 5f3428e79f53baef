using System.Collections.Concurrent;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>Counts the statuses of the answers an adapter's HTTP client received, to compare with what the fake counted.</summary>
internal sealed class StatusTally : DelegatingHandler
{
    private readonly ConcurrentDictionary<int, int> _counts = new();

    public StatusTally()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Answers with this status.</summary>
    public int this[int status] => _counts.GetValueOrDefault(status);

    /// <summary>Answers with a 2xx status.</summary>
    public int Successes => _counts.Where(c => c.Key is >= 200 and < 300).Sum(c => c.Value);

    /// <summary>Every answer.</summary>
    public int Total => _counts.Values.Sum();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _counts.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
        return response;
    }
}
