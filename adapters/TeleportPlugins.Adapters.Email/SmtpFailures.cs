using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Maps MailKit's failures to what the host understands: 4xx replies, protocol and connection errors are transient
/// (retried), 5xx replies, refused credentials and untrusted certificates are permanent. Messages name the server and
/// carry its reply, never a credential.
/// </summary>
internal static class SmtpFailures
{
    /// <summary>The adapter exception for a failed SMTP session, or null when <paramref name="failure"/> is not an SMTP failure.</summary>
    /// <param name="failure">What MailKit threw.</param>
    /// <param name="server">host:port.</param>
    /// <param name="user">The configured user, or empty.</param>
    /// <param name="recipient">The recipient, or null for the health check.</param>
    /// <returns>A transient or permanent adapter exception, or null.</returns>
    public static Exception? Classify(Exception failure, string server, string user, string? recipient)
    {
        var what = recipient is null ? "the health check" : $"the e-mail to {recipient}";
        switch (failure)
        {
            case SmtpCommandException command:
                var code = (int)command.StatusCode;
                var reply = $"{code.ToString(CultureInfo.InvariantCulture)} {command.Message}";
                return code is >= 400 and < 500
                    ? new TransientAdapterException($"the SMTP server {server} deferred {what}: {reply}", failure)
                    : new PermanentAdapterException($"the SMTP server {server} refused {what}: {reply}", failure);
            case AuthenticationException:
                return new PermanentAdapterException($"the SMTP server {server} refused the credentials of user {user}: {failure.Message}", failure);
            case SslHandshakeException { InnerException: IOException or SocketException }:
                // The connection broke during the handshake: nothing about the certificate is known yet.
                return new TransientAdapterException($"the TLS handshake with the SMTP server {server} broke off: {failure.InnerException.Message}", failure);
            case SslHandshakeException:
                return new PermanentAdapterException(
                    $"the TLS handshake with the SMTP server {server} failed: its certificate is not trusted, or not issued for that host name (ca_file can add the CA that signed it): {failure.InnerException?.Message ?? failure.GetType().Name}",
                    failure);
            case NotSupportedException:
                // E.g. a user is configured but the server offers no AUTH: a configuration problem, not a passing one.
                return new PermanentAdapterException($"the SMTP server {server} cannot take {what} as configured: {failure.Message}", failure);
            case ProtocolException or IOException or SocketException or TimeoutException:
                return new TransientAdapterException($"cannot reach the SMTP server {server} for {what}: {failure.Message}", failure);
            default:
                return null;
        }
    }
}
