using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Mailgun;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>
/// The Mailgun fake's events endpoint as Mailgun documents it: Basic auth, the <c>message-id</c> and <c>event</c>
/// filters, a time range, <c>limit</c> and paging URLs that end with an empty page; the same in counted mode, where a
/// lookup is reported as a read.
/// </summary>
public sealed class MailgunEventsFakeTests
{
    private const string MessageId = "1ABC.2DEF@example.com";

    private static async Task SendAsync(HttpClient client, MailgunApiFake fake, string to, string? messageId = "<" + MessageId + ">")
    {
        var fields = new Dictionary<string, string> { ["from"] = "teleport@example.com", ["to"] = to, ["subject"] = "s", ["text"] = "t" };
        if (messageId is not null)
        {
            fields["h:Message-Id"] = messageId;
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri(fake.Server.BaseAddress, fake.MessagesPath.TrimStart('/')), form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static HttpClient Client(MailgunApiFake fake, string? key = null)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + (key ?? fake.ApiKey))));
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Test]
    public async Task Events_FilteredByMessageId_PagesThroughTheAcceptedEventsUntilAnEmptyPage()
    {
        await using var fake = await MailgunApiFake.StartAsync();
        using var client = Client(fake);
        foreach (var to in new[] { "a@example.com", "b@example.com", "c@example.com" })
        {
            await SendAsync(client, fake, to);
        }

        await SendAsync(client, fake, "other@example.com", messageId: null);

        var (status, first) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?event=accepted&message-id={Uri.EscapeDataString(MessageId)}&begin=0&ascending=yes&limit=2");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var items = first.GetProperty("items");
        Assert.Multiple(() =>
        {
            Assert.That(items.GetArrayLength(), Is.EqualTo(2));
            Assert.That(items[0].GetProperty("event").GetString(), Is.EqualTo("accepted"));
            Assert.That(items[0].GetProperty("recipient").GetString(), Is.EqualTo("a@example.com"));
            Assert.That(items[0].GetProperty("message").GetProperty("headers").GetProperty("message-id").GetString(), Is.EqualTo(MessageId));
            Assert.That(items[0].GetProperty("timestamp").GetDouble(), Is.GreaterThan(0));
            Assert.That(fake.Messages.Select(m => m.Id).Take(3), Is.All.EqualTo("<" + MessageId + ">"), "Mailgun sends the h:Message-Id it was given");
        });

        var (_, second) = await GetAsync(client, first.GetProperty("paging").GetProperty("next").GetString()!);
        Assert.That(second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("recipient").GetString()), Is.EqualTo(new[] { "c@example.com" }));
        var (_, third) = await GetAsync(client, second.GetProperty("paging").GetProperty("next").GetString()!);
        Assert.That(third.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Events_OutsideTheRangeOrAnotherEventType_AreNotReturned()
    {
        await using var fake = await MailgunApiFake.StartAsync();
        using var client = Client(fake);
        await SendAsync(client, fake, "a@example.com");
        var later = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

        var (_, afterwards) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={MessageId}&begin={later}&ascending=yes");
        var (_, delivered) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={MessageId}&event=delivered&begin=0&ascending=yes");
        var (_, bracketed) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={Uri.EscapeDataString("<" + MessageId + ">")}&begin=0&ascending=yes");

        Assert.Multiple(() =>
        {
            Assert.That(afterwards.GetProperty("items").GetArrayLength(), Is.Zero);
            Assert.That(delivered.GetProperty("items").GetArrayLength(), Is.Zero);
            Assert.That(bracketed.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Events_WrongKeyOrUnsupportedQuery_RefusedAsMailgunWould()
    {
        await using var fake = await MailgunApiFake.StartAsync();
        using var wrong = Client(fake, "key-wrong");
        using var client = Client(fake);

        var (forbidden, _) = await GetAsync(wrong, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={MessageId}&begin=0&ascending=yes");
        var (noDirection, noDirectionBody) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={MessageId}&begin=0");
        var (tooMany, _) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={MessageId}&begin=0&ascending=yes&limit=301");
        var (unfiltered, unfilteredBody) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?begin=0&ascending=yes");

        Assert.Multiple(() =>
        {
            Assert.That(forbidden, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(noDirection, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noDirectionBody.GetProperty("message").GetString(), Does.Contain("ascending"));
            Assert.That(tooMany, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unfiltered, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unfilteredBody.GetProperty("message").GetString(), Does.Contain("message-id"));
        });
    }

    [Test]
    public async Task Events_CountedMode_FindsTheMessageAndReportsTheLookupAsARead()
    {
        var observer = new CountingObserver();
        await using var fake = await MailgunApiFake.StartAsync(options: FakeServerOptions.Counted(observer, FaultPlan.None));
        fake.AddReviewers("a@example.com");
        using var client = Client(fake);
        await SendAsync(client, fake, "a@example.com");

        var (_, page) = await GetAsync(client, $"{fake.ApiUrl}/{fake.Domain}/events?message-id={MessageId}&event=accepted&begin=0&ascending=yes&limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(fake.Messages, Is.Empty, "counted mode keeps no message");
            Assert.That(fake.Server.Requests, Is.Empty, "counted mode records no request");
            Assert.That(observer.Kinds, Is.EqualTo(new[] { CallKind.Root, CallKind.Read }));
        });
    }
}
