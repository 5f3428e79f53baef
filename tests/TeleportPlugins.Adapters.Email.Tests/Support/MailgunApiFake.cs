using TeleportPlugins.Fakes;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>
/// Mailgun's API as the adapter uses it: <c>POST /v3/{domain}/messages</c> (form fields) and
/// <c>GET /v3/domains/{domain}</c>, both with HTTP Basic <c>api:key</c>. Wrong credentials get Mailgun's 401
/// "Forbidden"; a message missing a required field gets 400 <c>{"message": …}</c>; accepted messages get
/// <c>{"id": "&lt;…&gt;", "message": "Queued. Thank you."}</c>.
/// </summary>
public sealed class MailgunApiFake : IAsyncDisposable
{
    private readonly ConcurrentQueue<MailgunSentMessage> _messages = new();
    private readonly ConcurrentDictionary<string, FakeResponse> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private int _sequence;

    private MailgunApiFake(FakeApiServer server, string domain, string apiKey)
    {
        Server = server;
        Domain = domain;
        ApiKey = apiKey;
    }

    /// <summary>The underlying server (recorded requests, <see cref="FakeApiServer.FailNext"/>).</summary>
    public FakeApiServer Server { get; }

    /// <summary>The sending domain.</summary>
    public string Domain { get; }

    /// <summary>The API key the fake accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The value for <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "v3");

    /// <summary>The path of the messages endpoint.</summary>
    public string MessagesPath => $"/v3/{Domain}/messages";

    /// <summary>The accepted messages, in order.</summary>
    public IReadOnlyList<MailgunSentMessage> Messages => [.. _messages];

    /// <summary>Starts the fake.</summary>
    /// <param name="domain">The sending domain.</param>
    /// <param name="apiKey">The API key.</param>
    /// <returns>The fake.</returns>
    public static async Task<MailgunApiFake> StartAsync(string domain = "mg.example.com", string apiKey = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0")
    {
        var fake = new MailgunApiFake(await FakeApiServer.StartAsync(), domain, apiKey);
        fake.Server.Map("POST", fake.MessagesPath, fake.Send);
        fake.Server.Map("GET", $"/v3/domains/{domain}", fake.GetDomain);
        return fake;
    }

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

    private bool Authorized(FakeRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Header("Authorization"), out var header)
        && header.Scheme == "Basic"
        && header.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + ApiKey));

    private static FakeResponse Forbidden() => new(401, "Forbidden", "text/plain");

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

        if (request.Header("Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
        {
            return FakeResponse.JsonBody(new { message = "unsupported content type" }, 400);
        }

        var form = QueryHelpers.ParseQuery(request.Body);
        string? Field(string name) => form.TryGetValue(name, out var values) ? values.ToString() : null;
        foreach (var required in new[] { "from", "to", "subject", "text" })
        {
            if (string.IsNullOrEmpty(Field(required)))
            {
                return FakeResponse.JsonBody(new { message = $"'{required}' parameter is missing" }, 400);
            }
        }

        if (_rejected.TryGetValue(Field("to")!, out var rejection))
        {
            return rejection;
        }

        var id = $"<20261121.{Interlocked.Increment(ref _sequence)}.5820@{Domain}>";
        _messages.Enqueue(new MailgunSentMessage(id, Field("from")!, Field("to")!, Field("subject")!, Field("text")!, Field("h:In-Reply-To"), Field("h:References"), Field("o:require-tls")));
        return FakeResponse.JsonBody(new { id, message = "Queued. Thank you." });
    }
}
