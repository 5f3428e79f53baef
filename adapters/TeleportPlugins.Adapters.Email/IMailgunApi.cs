using Refit;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// The Mailgun calls the adapter makes, relative to <c>api_url</c> (which ends in <c>/v3</c>). Requests are forms, as
/// Mailgun documents them; answers are JSON. Authentication is added by the Authorization header given to RefitApi.Create.
/// </summary>
internal interface IMailgunApi
{
    /// <summary><c>POST /v3/{domain}/messages</c>.</summary>
    /// <param name="domain">The sending domain.</param>
    /// <param name="message">The message's form fields.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Mailgun's answer; its id is the Message-ID.</returns>
    [Post("/{domain}/messages")]
    Task<MailgunSendResponse?> SendMessageAsync(string domain, [Body(BodySerializationMethod.UrlEncoded)] MailgunMessage message, CancellationToken cancellationToken);

    /// <summary><c>GET /v3/domains/{domain}</c>: a cheap authenticated call for the health check.</summary>
    /// <param name="domain">The sending domain.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The domain.</returns>
    [Get("/domains/{domain}")]
    Task<MailgunDomainResponse?> GetDomainAsync(string domain, CancellationToken cancellationToken);
}
