namespace TeleportPlugins.Contracts;

/// <summary>
/// Optional ability (since contract 1.3): an adapter that can check one recipient by hand, for
/// <c>teleport-plugins adapters check &lt;adapter&gt; --recipient &lt;who&gt;</c>. It resolves the recipient as a request
/// would (a channel, a user by e-mail, ...) and sends it a test message, so an operator sees before the first Access
/// Request whether the tool knows the recipient and lets the adapter write to it.
/// </summary>
public interface IRecipientCheck
{
    /// <summary>Resolves <paramref name="recipient"/> and sends it a test message.</summary>
    /// <param name="recipient">The recipient as it would be configured in <c>role_to_recipients</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>What was found and where the test message went, one line, without secrets.</returns>
    /// <exception cref="PermanentAdapterException">The tool does not know the recipient or refused the message.</exception>
    /// <exception cref="TransientAdapterException">The tool could not be reached or asked to come back later.</exception>
    Task<string> CheckRecipientAsync(string recipient, CancellationToken cancellationToken);
}
