using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Delivery through the Mailgun messages API (<see cref="IMailgunApi"/>, Refit's generated client). Failures are
/// classified by <see cref="ToolCalls"/> like every tool's; a call that outlives the delivery timeout is transient.
/// Every e-mail goes out with the adapter's deterministic Message-ID (<c>h:Message-Id</c>), so that a step resumed
/// after a crash can ask Mailgun's events whether the lost attempt's e-mail was accepted.
/// </summary>
internal sealed class MailgunMailTransport : IMailTransport, ISentMailLookup, IDisposable
{
    private const string Tool = "Mailgun";
    private static readonly ToolCalls Calls = new(Tool, Detail);
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
        _mailgun = RefitApi.Create<IMailgunApi>(host, options.ApiUrl, MailgunJsonContext.Default, BasicCredentials.Header("api", options.ReadPrivateKey()));
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
        var message = new MailgunMessage(_sender, email.To, email.Subject, email.Body, MessageIds.ToHeader(email.MessageId), thread, thread);
        var sent = await CallAsync("messages", token => _mailgun.Api.SendMessageAsync(_options.Domain, message, token), cancellationToken);

        // Mailgun answers with the Message-ID it sends (ours), wrapped in angle brackets; the answer is what threads.
        return sent is { Id.Length: > 0 }
            ? MessageIds.Normalize(sent.Id)
            : throw new TransientAdapterException($"{Tool} messages answered without a message id");
    }

    public async Task<string?> FindAcceptedAsync(string messageId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var bare = MessageIds.Normalize(messageId);
        var begin = since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        // One page is enough: the id is unique to one e-mail, and an empty first page means the range holds no match.
        var page = await CallAsync("events", token => _mailgun.Api.GetEventsAsync(_options.Domain, "accepted", bare, begin, "yes", 1, token), cancellationToken);
        var found = page?.Items?.FirstOrDefault(e => string.Equals(e.Event, "accepted", StringComparison.Ordinal))?.Message?.Headers?.MessageId;
        return found is { Length: > 0 } ? MessageIds.Normalize(found) : null;
    }

    public void Dispose() => _mailgun.Dispose();

    private async Task<T> CallAsync<T>(string call, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await Calls.SendAsync(call, () => send(linked.Token), linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientAdapterException($"{Tool} {call} did not answer within {_timeout.TotalSeconds}s", e);
        }
    }

    private static string? Detail(string body) =>
        // Mailgun's 401 is plain text ("Forbidden"), which the status explains; ToolCalls drops a detail that isn't JSON.
        JsonSerializer.Deserialize(body, MailgunJsonContext.Default.MailgunError)?.Message;
}
