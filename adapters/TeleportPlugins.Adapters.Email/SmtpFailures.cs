using System.Globalization;
using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Maps System.Net.Mail failures to what the host understands: 4xx replies and connection errors are transient,
/// 5xx replies and TLS failures are permanent. Messages carry the server's reply (never a credential).
/// </summary>
internal static class SmtpFailures
{
    /// <summary>The exception for a failed delivery.</summary>
    /// <param name="failure">What SmtpClient threw.</param>
    /// <param name="server">host:port.</param>
    /// <param name="recipient">The recipient.</param>
    /// <returns>A transient or permanent adapter exception.</returns>
    public static Exception Classify(SmtpException failure, string server, string recipient)
    {
        var code = (int)failure.StatusCode;
        var reply = $"{code.ToString(CultureInfo.InvariantCulture)} {failure.Message}";
        if (code is >= 400 and < 500)
        {
            return new TransientAdapterException($"the SMTP server {server} deferred the e-mail to {recipient}: {reply}", failure);
        }

        if (code >= 500)
        {
            return new PermanentAdapterException($"the SMTP server {server} rejected the e-mail to {recipient}: {reply}", failure);
        }

        // No SMTP reply: look at what went wrong underneath.
        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return new PermanentAdapterException($"the TLS handshake with the SMTP server {server} failed: {inner.Message}", failure);
            }

            if (inner is SocketException or IOException or TimeoutException)
            {
                return new TransientAdapterException($"cannot deliver the e-mail to {recipient} through the SMTP server {server}: {inner.Message}", failure);
            }
        }

        // E.g. "Server does not support secure connections." with starttls_policy = "mandatory".
        return new PermanentAdapterException($"the SMTP server {server} cannot take the e-mail to {recipient}: {failure.Message}", failure);
    }
}
