using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// Discord bot REST calls. The token travels only as <c>Authorization: Bot …</c>. A 429 becomes a transient failure
/// with the body's precise <c>retry_after</c> (else Retry-After / X-RateLimit-Reset-After); and when a response says a
/// channel's bucket is empty (<c>X-RateLimit-Remaining: 0</c>), the next call to that channel waits for the reset
/// instead of drawing a 429, because Discord bans bots that collect too many.
/// </summary>
internal sealed class DiscordApiClient(HttpClient http, Uri apiUrl, string token, TimeProvider timeProvider)
{
    private const string Tool = "Discord";
    private const string ResetAfterHeader = "X-RateLimit-Reset-After";
    private readonly Uri _base = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
    private readonly Dictionary<string, DateTimeOffset> _bucketResets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Uri BaseAddress => _base;

    public Task<DiscordUser> GetMeAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "users/@me", null, DiscordJsonContext.Default.DiscordUser, "GET users/@me", null, cancellationToken);

    public Task<DiscordMessage> CreateMessageAsync(string channelId, DiscordMessageRequest message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"channels/{Uri.EscapeDataString(channelId)}/messages", JsonContent.Create(message, DiscordJsonContext.Default.DiscordMessageRequest), DiscordJsonContext.Default.DiscordMessage, "create message", channelId, cancellationToken);

    public Task<DiscordMessage> EditMessageAsync(string channelId, string messageId, DiscordMessageRequest message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"channels/{Uri.EscapeDataString(channelId)}/messages/{Uri.EscapeDataString(messageId)}", JsonContent.Create(message, DiscordJsonContext.Default.DiscordMessageRequest), DiscordJsonContext.Default.DiscordMessage, "edit message", channelId, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string relative, HttpContent? content, JsonTypeInfo<T> responseType, string call, string? bucket, CancellationToken cancellationToken)
    {
        if (bucket is not null)
        {
            await WaitForBucketAsync(bucket, cancellationToken);
        }

        using var request = new HttpRequestMessage(method, new Uri(_base, relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        request.Headers.UserAgent.ParseAdd("DiscordBot (https://github.com/teleport-plugins, 0.1.0)");
        using var response = await http.SendAsync(request, cancellationToken);
        if (bucket is not null)
        {
            RememberBucket(bucket, response.Headers);
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = await JsonResponses.TryReadErrorAsync(response, DiscordJsonContext.Default.DiscordError, cancellationToken);
            var detail = error is null ? null : $"code {error.Code.ToString(CultureInfo.InvariantCulture)}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests && error?.RetryAfter is { } retryAfter and >= 0)
            {
                throw new TransientAdapterException($"{Tool} {call} failed with HTTP 429 (rate limited{(error.Global ? ", global" : string.Empty)})", TimeSpan.FromSeconds(retryAfter));
            }

            HttpFailures.ThrowIfFailed(response, Tool, call, detail, ResetAfterHeader);
        }

        return await JsonResponses.ReadAsync(response, responseType, Tool, call, cancellationToken);
    }

    private void RememberBucket(string bucket, HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("X-RateLimit-Remaining", out var remaining) && remaining.FirstOrDefault() == "0"
            && HttpFailures.RetryDelay(headers, ResetAfterHeader) is { } resetAfter)
        {
            lock (_gate)
            {
                _bucketResets[bucket] = timeProvider.GetUtcNow() + resetAfter;
            }
        }
    }

    private async Task WaitForBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            wait = _bucketResets.Remove(bucket, out var reset) ? reset - timeProvider.GetUtcNow() : TimeSpan.Zero;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }
}
