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

    /// <summary>
    /// <c>GET /v3/{domain}/events</c> filtered to one event type and one Message-ID, from <paramref name="begin"/> on,
    /// oldest first. Mailgun keeps events for at least 3 days.
    /// </summary>
    /// <param name="domain">The sending domain.</param>
    /// <param name="eventType">The <c>event</c> filter, e.g. <c>accepted</c>.</param>
    /// <param name="messageId">The <c>message-id</c> filter, without angle brackets (as Mailgun stores it in events).</param>
    /// <param name="begin">The start of the range in epoch seconds.</param>
    /// <param name="ascending"><c>yes</c>: required when no <c>end</c> is given.</param>
    /// <param name="limit">The page size (300 at most).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The first page.</returns>
    [Get("/{domain}/events")]
    Task<MailgunEventsPage?> GetEventsAsync(
        string domain,
        [AliasAs("event")] string eventType,
        [AliasAs("message-id")] string messageId,
        string begin,
        string ascending,
        int limit,
        CancellationToken cancellationToken);
}
