using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Delivery through the Mailgun messages API.</summary>
internal sealed class MailgunMailTransport(MailgunApiClient api, string domain, string sender) : IMailTransport
{
    public string Description => $"Mailgun domain {domain} at {api.BaseUrl}";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var found = await api.GetDomainAsync(cancellationToken);
            return string.Equals(found.State, "disabled", StringComparison.OrdinalIgnoreCase)
                ? AdapterHealth.Unhealthy($"Mailgun domain {domain} is disabled")
                : AdapterHealth.Healthy($"Mailgun accepts the API key for domain {domain} (state {found.State ?? "unknown"})");
        }
        catch (Exception e) when (e is TransientAdapterException or PermanentAdapterException)
        {
            return AdapterHealth.Unhealthy(e.Message);
        }
    }

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        // Mailgun assigns the Message-ID; its answer carries it wrapped in angle brackets.
        var sent = await api.SendMessageAsync(new MailgunMessage(sender, email.To, email.Subject, email.Body, email.ThreadId), cancellationToken);
        return MessageIds.Normalize(sent.Id!);
    }
}
