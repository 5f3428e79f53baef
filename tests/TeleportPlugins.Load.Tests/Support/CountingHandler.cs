namespace TeleportPlugins.Load.Tests.Support;

/// <summary>Counts the answers an adapter received, by kind of status, as the adapter saw them on the wire.</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _succeeded;
    private int _rateLimited;
    private int _serverErrors;
    private int _refused;

    /// <summary>2xx answers (Slack's HTTP 200 refusals included).</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>429 answers.</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    /// <summary>5xx answers.</summary>
    public int ServerErrors => Volatile.Read(ref _serverErrors);

    /// <summary>Other 4xx answers.</summary>
    public int Refused => Volatile.Read(ref _refused);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            Interlocked.Increment(ref _rateLimited);
        }
        else if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
        else if (status >= 400)
        {
            Interlocked.Increment(ref _refused);
        }
        else
        {
            Interlocked.Increment(ref _succeeded);
        }

        return response;
    }
}
