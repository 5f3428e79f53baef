namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>Stands for a handler of the host's HTTP pipeline: marks every request that passes through it.</summary>
public sealed class HostPipelineMark : DelegatingHandler
{
    /// <summary>The header it adds.</summary>
    public const string Header = "X-Host-Pipeline";

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add(Header, "yes");
        return base.SendAsync(request, cancellationToken);
    }
}
