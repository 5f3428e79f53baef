using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace TeleportPlugins.Fakes.Mailgun;

/// <summary>
/// Mailgun's API as the e-mail adapter uses it, for the adapter tests, the end-to-end tests and the load tool alike:
/// <c>POST /v3/{domain}/messages</c> (form fields), <c>GET /v3/{domain}/events</c> (and its paging URLs) and
/// <c>GET /v3/domains/{domain}</c>, all with HTTP Basic <c>api:key</c>. Wrong credentials get Mailgun's 401
/// "Forbidden" (plain text); a body that is not a form or misses from, to, subject or text gets 400
/// <c>{"message": …}</c>; accepted messages get <c>{"id": "&lt;…&gt;", "message": "Queued. Thank you."}</c>, the id
/// being the <c>h:Message-Id</c> the sender set (when it is a valid msg-id) or one the fake makes up. Mailgun has no
/// idempotency and checks no thread, so each message is judged by its own fields, and a message sent twice with one
/// Message-ID is queued twice. Each accepted message leaves an <c>accepted</c> event, as Mailgun stores one (kept in
/// both modes, indexed by Message-ID); the events endpoint answers only queries filtered by <c>message-id</c>, which
/// is what the adapter asks, never a scan.
/// </summary>
public sealed class MailgunApiFake : IAsyncDisposable
{
    // EmailMessages.Review's wording: the only in-thread mail that reports one review.
    private const string ReviewWording = " reviewed the request at ";
    private static readonly string[] RequiredFields = ["from", "to", "subject", "text"];

    private readonly ConcurrentQueue<MailgunSentMessage> _messages = new();
    private readonly ConcurrentDictionary<string, FakeResponse> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _reviewers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<MailgunAcceptedEvent>> _events = new(StringComparer.Ordinal);
    private readonly string _authorization;
    private readonly bool _keepMessages;
    private long _sequence;

    private MailgunApiFake(FakeApiServer server, string domain, string apiKey, bool keepMessages)
    {
        Server = server;
        Domain = domain;
        ApiKey = apiKey;
        _authorization = BasicAuthorization.Header("api", apiKey);
        _keepMessages = keepMessages;
    }

    /// <summary>The underlying server (recorded requests, counters, <see cref="FakeApiServer.FailNext"/>).</summary>
    public FakeApiServer Server { get; }

    /// <summary>The sending domain.</summary>
    public string Domain { get; }

    /// <summary>The API key the fake accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The value for <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "v3");

    /// <summary>The path of the messages endpoint.</summary>
    public string MessagesPath => $"/v3/{Domain}/messages";

    /// <summary>The path of the events endpoint (its paging URLs add one segment).</summary>
    public string EventsPath => $"/v3/{Domain}/events";

    /// <summary>The clock that stamps events (the system clock unless a test sets its own).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The accepted messages, in order (none kept when the server only counts, as in load runs).</summary>
    public IReadOnlyList<MailgunSentMessage> Messages => [.. _messages];

    /// <summary>Starts the fake.</summary>
    /// <param name="domain">The sending domain.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="options">Recording (tests, the default) or counted (load runs), and the faults.</param>
    /// <returns>The fake.</returns>
    public static async Task<MailgunApiFake> StartAsync(string domain = "mg.example.com", string apiKey = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0", FakeServerOptions? options = null)
    {
        options ??= FakeServerOptions.Recording;
        var fake = new MailgunApiFake(await FakeApiServer.StartAsync(options), domain, apiKey, options.RecordRequests);
        fake.Server.Map("POST", fake.MessagesPath, fake.Send);
        fake.Server.Map("GET", $"/v3/domains/{domain}", fake.GetDomain);
        fake.Server.Map("GET", fake.EventsPath, fake.GetEvents);
        fake.Server.Map("GET", new PathTemplate(fake.EventsPath + "/{id}"), fake.GetEventsPage);
        return fake;
    }

    /// <summary>
    /// Names the addresses requests are sent to for review: a first e-mail to one of them starts a request's thread
    /// (<see cref="CallKind.Root"/>), a first e-mail to anyone else tells a requester the outcome (<see cref="CallKind.Update"/>).
    /// </summary>
    /// <param name="addresses">The reviewers' addresses.</param>
    public void AddReviewers(params string[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var address in addresses)
        {
            _reviewers[address] = true;
        }
    }

    /// <summary>The <c>accepted</c> events of the messages sent with <paramref name="messageId"/>, oldest first.</summary>
    /// <param name="messageId">The Message-ID, with or without angle brackets.</param>
    /// <returns>The events.</returns>
    public IReadOnlyList<MailgunAcceptedEvent> AcceptedEvents(string messageId) =>
        _events.TryGetValue(messageId.Trim().Trim('<', '>'), out var events) ? [.. events] : [];

    /// <summary>Answers sends to <paramref name="to"/> with <paramref name="response"/> until cleared (null).</summary>
    /// <param name="to">The recipient.</param>
    /// <param name="response">The answer, or null to accept again.</param>
    public void Reject(string to, FakeResponse? response)
    {
        if (response is null)
        {
            _rejected.TryRemove(to, out _);
        }
        else
        {
            _rejected[to] = response;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Invalid(string message) => FakeResponse.JsonBody(new { message }, 400);

    private static FakeResponse Forbidden() => new(401, "Forbidden", "text/plain");

    private bool Authorized(FakeRequest request) => string.Equals(request.Header("Authorization"), _authorization, StringComparison.Ordinal);

    private FakeResponse GetDomain(FakeRequest request) =>
        !Authorized(request)
            ? Forbidden()
            : FakeResponse.JsonBody(new
            {
                domain = new { name = Domain, state = "active", created_at = "Thu, 13 Oct 2011 18:02:00 GMT", smtp_login = $"postmaster@{Domain}" },
                receiving_dns_records = Array.Empty<object>(),
                sending_dns_records = Array.Empty<object>(),
            });

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
        string? Field(string name) => form.TryGetValue(name, out var values) ? values.ToString() : null;
        foreach (var required in RequiredFields)
        {
            if (string.IsNullOrEmpty(Field(required)))
            {
                return Invalid($"'{required}' parameter is missing");
            }
        }

        if (_rejected.TryGetValue(Field("to")!, out var rejection))
        {
            return rejection;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var id = Field("h:Message-Id") is { } own && MailgunEvents.IsMessageId(own)
            ? own.Trim()
            : string.Create(CultureInfo.InvariantCulture, $"<20261121.{sequence}.5820@{Domain}>");
        var bare = id[1..^1];
        _events.GetOrAdd(bare, _ => new ConcurrentQueue<MailgunAcceptedEvent>()).Enqueue(new MailgunAcceptedEvent(
            string.Create(CultureInfo.InvariantCulture, $"ev{sequence}"), Clock.GetUtcNow(), Field("to")!, bare, Field("from")!, Field("subject")!));
        if (_keepMessages)
        {
            _messages.Enqueue(new MailgunSentMessage(id, Field("from")!, Field("to")!, Field("subject")!, Field("text")!, Field("h:In-Reply-To"), Field("h:References"), Field("o:require-tls")));
        }

        return FakeResponse.JsonBody(Classify(form), new { id, message = "Queued. Thank you." });
    }

    private FakeResponse GetEvents(FakeRequest request) =>
        !Authorized(request) ? Forbidden() : MailgunEvents.Page(request.Query.TrimStart('?'), 0, this);

    private FakeResponse GetEventsPage(FakeRequest request, string token) =>
        !Authorized(request) ? Forbidden()
        : MailgunEvents.ReadToken(token) is { } page ? MailgunEvents.Page(page.Query, page.Offset, this)
        : FakeResponse.Error(404, "{\"message\":\"page not found\"}");

    /// <summary>
    /// The first e-mail to a reviewer starts the request's thread (the root); in that thread, a review's e-mail is its
    /// reply and the resolution's an update; an e-mail to anyone else tells the requester the outcome (an update).
    /// </summary>
    private CallKind Classify(Dictionary<string, StringValues> form)
    {
        if (!form.ContainsKey("h:In-Reply-To"))
        {
            return _reviewers.ContainsKey(form["to"].ToString()) ? CallKind.Root : CallKind.Update;
        }

        return form["text"].ToString().Contains(ReviewWording, StringComparison.Ordinal) ? CallKind.Reply : CallKind.Update;
    }
}
