using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace TeleportPlugins.Fakes.Mailgun;

/// <summary>
/// Mailgun's events API over the fake's accepted events: <c>GET /v3/{domain}/events</c> with the documented query
/// (<c>begin</c>/<c>end</c> in epoch seconds, <c>ascending</c> yes|no, required without <c>end</c>; <c>limit</c> up to 300,
/// 100 by default; the filters <c>event</c>, <c>message-id</c>, <c>recipient</c>), answering
/// <c>{"items": [...], "paging": {"previous", "first", "last", "next"}}</c>. As Mailgun documents, the paging URLs are
/// always given and a page past the end is empty. Only queries filtered by <c>message-id</c> are answered (400
/// otherwise): the index is by Message-ID, so a lookup never scans every message of a load run.
/// </summary>
internal static class MailgunEvents
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 300;

    /// <summary>Whether a <c>h:Message-Id</c> value is one msg-id, <c>&lt;left@right&gt;</c>, which Mailgun then sends as is.</summary>
    /// <param name="value">The field's value.</param>
    /// <returns>Whether it is used.</returns>
    public static bool IsMessageId(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < 5 || trimmed[0] != '<' || trimmed[^1] != '>')
        {
            return false;
        }

        var inner = trimmed[1..^1];
        var at = inner.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < inner.Length - 1 && inner.IndexOf('@', at + 1) < 0 && !inner.Any(c => char.IsWhiteSpace(c) || c is '<' or '>');
    }

    /// <summary>Reads a paging token made by <see cref="Page"/>.</summary>
    /// <param name="token">The last segment of a paging URL.</param>
    /// <returns>The query and offset, or null when it is not one.</returns>
    public static (string Query, int Offset)? ReadToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return newline > 0 && int.TryParse(text.AsSpan(0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? (text[(newline + 1)..], offset)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>One page of events.</summary>
    /// <param name="query">The query string, without its '?'.</param>
    /// <param name="offset">How many matching events earlier pages held.</param>
    /// <param name="fake">The fake whose events are read.</param>
    /// <returns>The answer.</returns>
    public static FakeResponse Page(string query, int offset, MailgunApiFake fake)
    {
        var parameters = QueryHelpers.ParseQuery(query);
        string? Value(string name) => parameters.TryGetValue(name, out var values) ? values.ToString() : null;

        var limit = DefaultLimit;
        if (Value("limit") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Invalid($"limit must be a number from 1 to {MaxLimit}");
        }

        var ascending = Value("ascending");
        if (ascending is not (null or "yes" or "no"))
        {
            return Invalid("ascending must be yes or no");
        }

        if (!TryEpoch(Value("begin"), out var begin) || !TryEpoch(Value("end"), out var end))
        {
            return Invalid("begin and end must be epoch seconds");
        }

        if (end is null && ascending is null && begin is not null)
        {
            return Invalid("either range end or ascending must be provided");
        }

        if (Value("message-id") is not { Length: > 0 } messageId)
        {
            return Invalid("the fake answers only event queries filtered by message-id");
        }

        // Without an end, the direction is the one asked; with one, the range's order decides, as Mailgun documents.
        var older = end is not null && begin is not null ? end < begin : ascending != "yes";
        var low = older ? end : begin;
        var high = older ? begin : end;
        var type = Value("event");
        var recipient = Value("recipient");
        var matching = fake.AcceptedEvents(messageId)
            .Where(e => type is null or "accepted")
            .Where(e => recipient is null || string.Equals(e.Recipient, recipient, StringComparison.OrdinalIgnoreCase))
            .Where(e => (low is null || Seconds(e.Timestamp) >= low) && (high is null || Seconds(e.Timestamp) <= high));
        var ordered = (older ? matching.OrderByDescending(e => e.Timestamp) : matching.OrderBy(e => e.Timestamp)).ToList();
        var items = ordered.Skip(offset).Take(limit).Select(e => Item(e, fake.Domain)).ToList();

        string Url(int at) => $"{fake.ApiUrl}/{fake.Domain}/events/{Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.ToString(CultureInfo.InvariantCulture)}\n{query}"))}";
        return FakeResponse.JsonBody(new Dictionary<string, object>
        {
            ["items"] = items,
            ["paging"] = new Dictionary<string, string>
            {
                ["previous"] = Url(Math.Max(0, offset - limit)),
                ["first"] = Url(0),
                ["last"] = Url(Math.Max(0, (ordered.Count - 1) / limit * limit)),
                ["next"] = Url(offset + items.Count),
            },
        });
    }

    private static FakeResponse Invalid(string message) => FakeResponse.JsonBody(new { message }, 400);

    private static double Seconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).TotalSeconds;

    private static bool TryEpoch(string? text, out double? seconds)
    {
        seconds = null;
        if (text is null)
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        seconds = value;
        return true;
    }

    private static Dictionary<string, object> Item(MailgunAcceptedEvent accepted, string domain) => new()
    {
        ["event"] = "accepted",
        ["id"] = accepted.Id,
        ["timestamp"] = Seconds(accepted.Timestamp),
        ["log-level"] = "info",
        ["method"] = "http",
        ["recipient"] = accepted.Recipient,
        ["recipient-domain"] = accepted.Recipient[(accepted.Recipient.IndexOf('@', StringComparison.Ordinal) + 1)..],
        ["flags"] = new Dictionary<string, bool> { ["is-authenticated"] = true, ["is-test-mode"] = false },
        ["envelope"] = new Dictionary<string, string> { ["sender"] = $"postmaster@{domain}", ["targets"] = accepted.Recipient, ["transport"] = "smtp" },
        ["message"] = new Dictionary<string, object>
        {
            ["headers"] = new Dictionary<string, string>
            {
                ["to"] = accepted.Recipient,
                ["message-id"] = accepted.MessageId,
                ["from"] = accepted.From,
                ["subject"] = accepted.Subject,
            },
            ["attachments"] = Array.Empty<object>(),
        },
    };
}
