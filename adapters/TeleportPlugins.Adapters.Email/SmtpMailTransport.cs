using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>SMTP submission through System.Net.Mail, one session per e-mail as Teleport's plugin does.</summary>
internal sealed class SmtpMailTransport : IMailTransport
{
    private readonly SmtpOptions _options;
    private readonly string _sender;
    private readonly NetworkCredential? _credentials;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly string _server;

    public SmtpMailTransport(SmtpOptions options, string sender, TimeSpan timeout, TimeProvider time)
    {
        _options = options;
        _sender = sender;
        _timeout = timeout;
        _time = time;
        _server = $"{options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}";
        var password = options.ReadPassword();
        _credentials = options.Username.Length > 0 ? new NetworkCredential(options.Username, password) : null;
        var roots = options.ReadCaCertificates();
        if (roots.Count > 0)
        {
            SmtpCertificateTrust.Trust(options.Host, roots);
        }
    }

    public string Description => $"SMTP server {_server} (STARTTLS {_options.StartTlsPolicy.ToString().ToLowerInvariant()})";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var greeting = await GreetAsync(cancellationToken);
            if (_options.StartTlsPolicy == StartTlsPolicy.Mandatory && !greeting.OffersStartTls)
            {
                return AdapterHealth.Unhealthy($"the SMTP server {_server} does not offer STARTTLS, which starttls_policy = \"mandatory\" requires");
            }

            return AdapterHealth.Healthy($"the SMTP server {_server} greets ({greeting.Banner}){(greeting.OffersStartTls ? " and offers STARTTLS" : string.Empty)}");
        }
        catch (Exception e) when (e is TransientAdapterException or PermanentAdapterException)
        {
            return AdapterHealth.Unhealthy(e.Message);
        }
    }

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var useTls = _options.StartTlsPolicy switch
        {
            StartTlsPolicy.Mandatory => true,
            StartTlsPolicy.Disabled => false,
            // SmtpClient cannot fall back to clear text inside one session, so a separate EHLO asks whether STARTTLS is offered.
            _ => (await GreetAsync(cancellationToken)).OffersStartTls,
        };

        using var message = new MailMessage(new MailAddress(_sender), new MailAddress(email.To))
        {
            Subject = email.Subject,
            Body = email.Body,
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        message.Headers.Add("Message-ID", MessageIds.ToHeader(email.MessageId));
        if (email.ThreadId is not null)
        {
            message.Headers.Add("In-Reply-To", MessageIds.ToHeader(email.ThreadId));
            message.Headers.Add("References", MessageIds.ToHeader(email.ThreadId));
        }

        using var client = new SmtpClient(_options.Host, _options.Port)
        {
            EnableSsl = useTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            UseDefaultCredentials = false,
            Credentials = _credentials,
        };
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.SendMailAsync(message, linked.Token);
            return email.MessageId;
        }
        catch (SmtpException e)
        {
            throw SmtpFailures.Classify(e, _server, email.To);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientAdapterException($"the SMTP server {_server} did not take the e-mail to {email.To} within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s", e);
        }
    }

    private async Task<SmtpGreeting> GreetAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await SmtpGreetingProbe.GreetAsync(_options.Host, _options.Port, linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientAdapterException($"the SMTP server {_server} did not greet within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s", e);
        }
    }
}
