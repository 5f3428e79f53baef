using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Email;

/// <summary>
/// The Mailgun calls the e-mail adapter makes, answered at once: <c>GET /v3/domains/{domain}</c> and
/// <c>POST /v3/{domain}/messages</c> (form fields). Refusals are Mailgun's: 401 <c>Forbidden</c> (plain text) without
/// HTTP Basic <c>api:key</c>, 400 <c>{"message"}</c> for a body that is not a form or misses from, to, subject or text.
/// Nothing is kept: Mailgun has no idempotency and checks no thread, so a message is classified by its own fields.
/// </summary>
internal sealed class MailgunLeanApi(string domain, string apiKey, string reviewer)
{
    // EmailMessages.Review's wording: the only in-thread mail that reports one review.
    private const string ReviewWording = " reviewed the request at ";
    private static readonly string[] RequiredFields = ["from", "to", "subject", "text"];
    private readonly string _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey));
    private long _sequence;

    /// <summary>Routes the adapter's calls to this API.</summary>
    /// <param name="server">The fake.</param>
    public void MapTo(FakeApiServer server)
    {
        server.Map("GET", $"/v3/domains/{domain}", GetDomain);
        server.Map("POST", $"/v3/{domain}/messages", Send);
    }

    private static FakeResponse Invalid(string message) => FakeResponse.JsonBody(CallKind.Read, new { message }, 400);

    private bool Authorized(FakeRequest request) => string.Equals(request.Header("Authorization"), _authorization, StringComparison.Ordinal);

    private static FakeResponse Forbidden() => new(401, "Forbidden", "text/plain");

    private FakeResponse GetDomain(FakeRequest request) =>
        Authorized(request)
            ? FakeResponse.JsonBody(CallKind.Read, new { domain = new { name = domain, state = "active", smtp_login = $"postmaster@{domain}" }, receiving_dns_records = Array.Empty<object>(), sending_dns_records = Array.Empty<object>() })
            : Forbidden();

    private FakeResponse Send(FakeRequest request)
    {
        if (!Authorized(request))
        {
            return Forbidden();
        }

        if (request.Header("Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Invalid("unsupported content type: send the message as a form");
        }

        var form = QueryHelpers.ParseQuery(request.Body);
        foreach (var field in RequiredFields)
        {
            if (!form.TryGetValue(field, out var value) || string.IsNullOrEmpty(value))
            {
                return Invalid($"'{field}' parameter is missing");
            }
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"<20261121000000.{Interlocked.Increment(ref _sequence)}@{domain}>");
        return FakeResponse.JsonBody(Classify(form), new { id, message = "Queued. Thank you." });
    }

    /// <summary>
    /// The first e-mail to the reviewer starts the request's thread (the root); in that thread, a review's e-mail is its
    /// reply and the resolution's an update; an e-mail to anyone else tells the requester the outcome (an update).
    /// </summary>
    private CallKind Classify(Dictionary<string, StringValues> form)
    {
        if (!form.ContainsKey("h:In-Reply-To"))
        {
            return string.Equals(form["to"].ToString(), reviewer, StringComparison.OrdinalIgnoreCase) ? CallKind.Root : CallKind.Update;
        }

        return form["text"].ToString().Contains(ReviewWording, StringComparison.Ordinal) ? CallKind.Reply : CallKind.Update;
    }
}
