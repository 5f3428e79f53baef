using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// The Mailgun API: HTTP Basic with user <c>api</c> and the API key as password, form-encoded requests, JSON answers.
/// The key goes on each request, never on the host's shared HttpClient.
/// </summary>
internal sealed class MailgunApiClient(HttpClient http, Uri apiUrl, string domain, string privateKey, TimeSpan timeout, TimeProvider time)
{
    private const string Tool = "Mailgun";
    private readonly string _base = apiUrl.ToString().TrimEnd('/');
    private readonly AuthenticationHeaderValue _authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + privateKey)));

    /// <summary>The API base, for descriptions.</summary>
    public string BaseUrl => _base;

    /// <summary><c>POST /v3/{domain}/messages</c>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Mailgun's answer; its id identifies the message.</returns>
    public async Task<MailgunSendResponse> SendMessageAsync(MailgunMessage message, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("from", message.From),
            new("to", message.To),
            new("subject", message.Subject),
            new("text", message.Text),
            // As Teleport's plugin: Mailgun must not hand the message on without TLS.
            new("o:require-tls", "true"),
        };
        if (message.InReplyTo is not null)
        {
            fields.Add(new("h:In-Reply-To", MessageIds.ToHeader(message.InReplyTo)));
            fields.Add(new("h:References", MessageIds.ToHeader(message.InReplyTo)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_base}/{Uri.EscapeDataString(domain)}/messages")
        {
            Content = new FormUrlEncodedContent(fields),
        };
        var response = await SendAsync(request, "messages", cancellationToken);
        if (response?.Deserialize(MailgunJsonContext.Default.MailgunSendResponse) is not { Id.Length: > 0 } sent)
        {
            throw new TransientAdapterException($"{Tool} messages answered without a message id");
        }

        return sent;
    }

    /// <summary><c>GET /v3/domains/{domain}</c>: a cheap authenticated call for the health check.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The domain.</returns>
    public async Task<MailgunDomain> GetDomainAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_base}/domains/{Uri.EscapeDataString(domain)}");
        var response = await SendAsync(request, "domains", cancellationToken);
        return response?.Deserialize(MailgunJsonContext.Default.MailgunDomainResponse)?.Domain
            ?? throw new TransientAdapterException($"{Tool} domains answered without a domain");
    }

    private async Task<JsonElement?> SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            var json = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                var detail = json?.Deserialize(MailgunJsonContext.Default.MailgunError)?.Message
                    ?? (response.StatusCode == HttpStatusCode.Unauthorized ? "the API key was rejected" : null);
                HttpFailures.ThrowIfFailed(response, Tool, call, detail is null ? null : TextLimits.Truncate(detail, 200));
            }

            return json ?? throw new TransientAdapterException($"{Tool} {call} answered HTTP {(int)response.StatusCode} without JSON");
        }
        catch (HttpRequestException e)
        {
            throw new TransientAdapterException($"cannot reach {Tool} {call}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientAdapterException($"{Tool} {call} did not answer within {timeout.TotalSeconds}s", e);
        }
    }

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
