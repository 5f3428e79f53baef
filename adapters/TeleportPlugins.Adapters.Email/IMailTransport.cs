using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Delivers e-mails: SMTP submission or the Mailgun API.</summary>
internal interface IMailTransport
{
    /// <summary>What the transport is, for log lines and health descriptions (never a secret).</summary>
    string Description { get; }

    /// <summary>Checks that the transport can be reached (and, where it can be checked cheaply, that it accepts the credentials).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The outcome.</returns>
    Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Delivers one e-mail.</summary>
    /// <param name="email">The e-mail.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>The Message-ID the e-mail was sent with, without angle brackets.</returns>
    /// <exception cref="TransientAdapterException">The server deferred the e-mail or could not be reached.</exception>
    /// <exception cref="PermanentAdapterException">The server rejected the e-mail.</exception>
    Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
