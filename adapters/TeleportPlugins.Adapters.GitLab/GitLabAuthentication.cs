namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The access token in GitLab's <c>PRIVATE-TOKEN</c> header on every call.</summary>
/// <param name="options">The adapter's options; the token is read on each call, as the adapter always has.</param>
internal sealed class GitLabAuthentication(GitLabOptions options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add("PRIVATE-TOKEN", options.Token);
        return base.SendAsync(request, cancellationToken);
    }
}
