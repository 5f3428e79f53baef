using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// A transport that can say whether it already accepted an e-mail (Mailgun's events), so that a step resumed after a
/// crash does not send it again. SMTP cannot: a submitted e-mail can neither be looked up nor recalled.
/// </summary>
internal interface ISentMailLookup
{
    /// <summary>Looks for an e-mail the transport accepted with <paramref name="messageId"/>.</summary>
    /// <param name="messageId">The Message-ID, without angle brackets.</param>
    /// <param name="since">Nothing older is searched (the lost attempt's claim, minus a margin for clock skew).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The Message-ID as the transport recorded it (without brackets), or null when it accepted no such e-mail.</returns>
    /// <exception cref="TransientAdapterException">The transport could not be asked; the step is retried, never sent blind.</exception>
    /// <exception cref="PermanentAdapterException">The transport refused the lookup.</exception>
    Task<string?> FindAcceptedAsync(string messageId, DateTimeOffset since, CancellationToken cancellationToken);
}
