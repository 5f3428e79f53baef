using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TeleportPlugins.Fakes.PagerDuty;

/// <summary>
/// What PagerDuty POSTs when a user clicks a Custom Incident Action on an incident (a V3 webhook): one event with
/// <c>event_type</c> <c>incident.custom</c>, the clicking user as <c>agent</c> (a <c>user_reference</c>), when it
/// happened as <c>occurred_at</c> and the incident as <c>data</c>; signed with the subscription's secret as
/// <c>X-PagerDuty-Signature: v1=&lt;hex HMAC-SHA256 of the raw body&gt;</c>, several comma-separated values while a
/// secret is being rotated.
/// </summary>
public static class PagerDutyWebhooks
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-PagerDuty-Signature";

    private static long _events;

    /// <summary>The body of a custom incident action's webhook.</summary>
    /// <param name="incident">The incident clicked on.</param>
    /// <param name="agentUserId">The PagerDuty user who clicked.</param>
    /// <param name="occurredAt">When.</param>
    /// <param name="eventId">The event's ID; a new one by default.</param>
    /// <returns>The raw JSON.</returns>
    public static byte[] CustomAction(FakePagerDutyIncident incident, string agentUserId, DateTimeOffset occurredAt, string? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            @event = new
            {
                id = eventId ?? $"01F{Interlocked.Increment(ref _events).ToString("D20", CultureInfo.InvariantCulture)}",
                event_type = "incident.custom",
                resource_type = "incident",
                occurred_at = occurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                agent = new { html_url = $"https://example.pagerduty.com/users/{agentUserId}", id = agentUserId, self = $"https://api.pagerduty.com/users/{agentUserId}", summary = "Clicking User", type = "user_reference" },
                client = (object?)null,
                data = new
                {
                    id = incident.Id,
                    type = "incident",
                    self = $"https://api.pagerduty.com/incidents/{incident.Id}",
                    html_url = $"https://example.pagerduty.com/incidents/{incident.Id}",
                    number = 1,
                    status = incident.Status,
                    title = incident.Title,
                    service = new { id = incident.ServiceId, type = "service_reference", summary = "Access" },
                    urgency = "high",
                },
            },
        });
    }

    /// <summary>The header's value for <paramref name="body"/>: one <c>v1=</c> signature per secret, comma-separated.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="secrets">The subscription's secrets (more than one while rotating).</param>
    /// <returns>The header value.</returns>
    public static string Sign(byte[] body, params string[] secrets) =>
        string.Join(",", secrets.Select(secret => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body))));
}
