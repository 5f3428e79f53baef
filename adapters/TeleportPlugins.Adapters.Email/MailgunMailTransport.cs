using System.Net;
using System.Text.Json;
using Refit;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Delivery through the Mailgun messages API (<see cref="IMailgunApi"/>, Refit's generated client). Failures keep the
/// host's classification: Refit's <see cref="ApiException"/> carries the status and Retry-After for
/// <see cref="HttpFailures"/>, and an unreachable API or a timeout is transient.
/// </summary>
internal sealed class MailgunMailTransport : IMailTransport, IDisposable
{
    private const string Tool = "Mailgun";
    private readonly RefitApi<IMailgunApi> _mailgun;
    private readonly MailgunOptions _options;
    private readonly string _sender;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public MailgunMailTransport(HttpClient host, MailgunOptions options, string sender, TimeSpan timeout, TimeProvider time)
    {
        _options = options;
        _sender = sender;
        _timeout = timeout;
        _time = time;
        _mailgun = RefitApi.Create<IMailgunApi>(host, options.ApiUrl, MailgunJsonContext.Default, new MailgunAuthentication(options.ReadPrivateKey()));
    }

    public string Description => $"Mailgun domain {_options.Domain} at {_options.ApiUrl}";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var found = (await CallAsync("domains", token => _mailgun.Api.GetDomainAsync(_options.Domain, token), cancellationToken))?.Domain
                ?? throw new TransientAdapterException($"{Tool} domains answered without a domain");
            return string.Equals(found.State, "disabled", StringComparison.OrdinalIgnoreCase)
                ? AdapterHealth.Unhealthy($"Mailgun domain {_options.Domain} is disabled")
                : AdapterHealth.Healthy($"Mailgun accepts the API key for domain {_options.Domain} (state {found.State ?? "unknown"})");
        }
        catch (Exception e) when (e is TransientAdapterException or PermanentAdapterException)
        {
            return AdapterHealth.Unhealthy(e.Message);
        }
    }

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var thread = email.ThreadId is null ? null : MessageIds.ToHeader(email.ThreadId);
        var message = new MailgunMessage(_sender, email.To, email.Subject, email.Body, thread, thread);
        var sent = await CallAsync("messages", token => _mailgun.Api.SendMessageAsync(_options.Domain, message, token), cancellationToken);

        // Mailgun assigns the Message-ID; its answer carries it wrapped in angle brackets.
        return sent is { Id.Length: > 0 }
            ? MessageIds.Normalize(sent.Id)
            : throw new TransientAdapterException($"{Tool} messages answered without a message id");
    }

    public void Dispose() => _mailgun.Dispose();

    private async Task<T> CallAsync<T>(string call, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await send(linked.Token);
        }
        catch (ApiException e) when (e.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous)
        {
            throw new TransientAdapterException($"{Tool} {call} answered HTTP {(int)e.StatusCode} without the expected JSON", e);
        }
        catch (ApiException e)
        {
            // Not chained: Refit's exception holds the request, and this message is all the host needs.
            throw HttpFailures.Classify(e.StatusCode, e.Headers, Tool, call, Detail(e));
        }
        catch (ApiRequestException e)
        {
            throw new TransientAdapterException($"cannot reach {Tool} {call}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientAdapterException($"{Tool} {call} did not answer within {_timeout.TotalSeconds}s", e);
        }
    }

    private static string? Detail(ApiException failure)
    {
        string? message = null;
        try
        {
            message = failure.Content is { Length: > 0 } body ? JsonSerializer.Deserialize(body, MailgunJsonContext.Default.MailgunError)?.Message : null;
        }
        catch (JsonException)
        {
            // Mailgun's 401 is plain text ("Forbidden"); the status says enough.
        }

        message ??= failure.StatusCode == HttpStatusCode.Unauthorized ? "the API key was rejected" : null;
        return message is null ? null : TextLimits.Truncate(message, 200);
    }
}
