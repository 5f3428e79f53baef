namespace TeleportPlugins.Adapters.Datadog;

/// <summary>
/// Puts both Datadog keys on every call: <c>DD-API-KEY</c> identifies the organization, <c>DD-APPLICATION-KEY</c> the
/// user whose permissions the incident and on-call calls need. Both are secrets, so neither is ever logged.
/// </summary>
/// <param name="apiKey">The API key.</param>
/// <param name="applicationKey">The application key.</param>
internal sealed class DatadogKeysHandler(string apiKey, string applicationKey) : DelegatingHandler
{
    /// <summary>The API key's header.</summary>
    public const string ApiKeyHeader = "DD-API-KEY";

    /// <summary>The application key's header.</summary>
    public const string ApplicationKeyHeader = "DD-APPLICATION-KEY";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ApiKeyHeader);
        request.Headers.Remove(ApplicationKeyHeader);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        request.Headers.TryAddWithoutValidation(ApplicationKeyHeader, applicationKey);
        return base.SendAsync(request, cancellationToken);
    }
}
