using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// SMTP submission through MailKit. One session per e-mail, as Teleport's plugin does: a step sends a handful of
/// e-mails minutes apart, so a pooled connection would mostly be one the server has already dropped for idling, and it
/// would need a lock, because the host runs steps of different requests at once. A session that fails leaves nothing
/// behind for the next one.
/// </summary>
internal sealed class SmtpMailTransport : IMailTransport
{
    private readonly SmtpOptions _options;
    private readonly MailboxAddress _sender;
    private readonly NetworkCredential? _credentials;
    private readonly X509Certificate2Collection _trustedRoots;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly string _server;

    public SmtpMailTransport(SmtpOptions options, string sender, TimeSpan timeout, TimeProvider time)
    {
        _options = options;
        _sender = MailboxAddress.Parse(sender);
        _timeout = timeout;
        _time = time;
        _server = $"{options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}";
        _credentials = options.Username.Length > 0 ? new NetworkCredential(options.Username, options.ReadPassword()) : null;
        _trustedRoots = options.ReadCaCertificates();
    }

    public string Description => $"SMTP server {_server} ({Security})";

    private string Security => _options.UsesImplicitTls ? "implicit TLS" : $"STARTTLS {_options.StartTlsPolicy.ToString().ToLowerInvariant()}";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secure = false;
            await RunSessionAsync(
                async (client, token) =>
                {
                    await client.NoOpAsync(token);
                    secure = client.IsSecure;
                },
                recipient: null,
                cancellationToken);
            var channel = !secure ? "in clear text" : _options.UsesImplicitTls ? "over implicit TLS" : "over STARTTLS";
            var login = _credentials is null ? string.Empty : $" and accepts the credentials of {_options.Username}";
            return AdapterHealth.Healthy($"the SMTP server {_server} answers {channel}{login}");
        }
        catch (Exception e) when (e is TransientAdapterException or PermanentAdapterException)
        {
            return AdapterHealth.Unhealthy(e.Message);
        }
    }

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage
        {
            Subject = email.Subject,
            // MimeKit takes ids without angle brackets, the form they are stored in.
            MessageId = email.MessageId,
            Date = _time.GetUtcNow(),
            Body = new TextPart(TextFormat.Plain) { Text = email.Body },
        };
        message.From.Add(_sender);
        message.To.Add(MailboxAddress.Parse(email.To));
        if (email.ThreadId is { } thread)
        {
            message.InReplyTo = thread;
            message.References.Add(thread);
        }

        await RunSessionAsync((client, token) => client.SendAsync(message, token), email.To, cancellationToken);
        return email.MessageId;
    }

    /// <summary>Connects (with TLS as configured), authenticates when a user is set, does <paramref name="work"/> and says QUIT.</summary>
    private async Task RunSessionAsync(Func<SmtpClient, CancellationToken, Task> work, string? recipient, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // MailKit's own socket timeout too, so a stalled read ends even if cancellation is not observed there.
        using var client = new SmtpClient { Timeout = (int)Math.Min(_timeout.TotalMilliseconds, int.MaxValue) };
        if (_trustedRoots.Count > 0)
        {
            // Set on this client only: another adapter instance in the process keeps the system's trust alone.
            client.ServerCertificateValidationCallback = TrustsCertificate;
        }

        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, _options.SecureSocketOptions, linked.Token);
            if (_credentials is not null)
            {
                await client.AuthenticateAsync(_credentials, linked.Token);
            }

            await work(client, linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientAdapterException($"the SMTP server {_server} did not finish within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s", e);
        }
        catch (NotSupportedException e) when (_options.SecureSocketOptions == SecureSocketOptions.StartTls && !client.IsSecure)
        {
            throw new PermanentAdapterException($"the SMTP server {_server} does not offer STARTTLS, which starttls_policy = \"mandatory\" requires", e);
        }
        catch (Exception e) when (SmtpFailures.Classify(e, _server, _options.Username, recipient) is { } failure)
        {
            throw failure;
        }

        try
        {
            await client.DisconnectAsync(quit: true, linked.Token);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // The work is done (the server took the e-mail); a lost QUIT must not make the host send it again.
        }
    }

    /// <summary>
    /// Accepts what the system trusts, and a chain that ends at a <c>ca_file</c> certificate. Only an untrusted chain can
    /// be fixed that way: a certificate for another host name stays refused.
    /// </summary>
    private bool TrustsCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trustedRoots);
        // Private CAs rarely publish revocation lists; the operator pinned this CA explicitly.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
