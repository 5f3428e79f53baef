using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// One page of Mailgun's <c>GET /v3/{domain}/events</c>: <c>{"items": [...], "paging": {"next": url, ...}}</c>. An
/// empty page ends the range.
/// </summary>
/// <param name="Items">The events, oldest first when asked <c>ascending=yes</c>.</param>
internal sealed record MailgunEventsPage([property: JsonPropertyName("items")] IReadOnlyList<MailgunEvent>? Items);
