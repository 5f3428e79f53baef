using TeleportPlugins.Fakes;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Tests;

public sealed class FakeApiServerTests
{
    [Test]
    public async Task InjectedRateLimit_ThenHandler_ClassifiedWithTheToolsDelay()
    {
        await using var fake = await FakeApiServer.StartAsync();
        fake.Map("POST", "/api/messages", request => request.Header("Authorization") == "Bearer t"
            ? FakeResponse.JsonBody(new { ok = true, text = request.Body })
            : FakeResponse.Error(401));
        fake.FailNext("POST", "/api/messages", FakeResponse.Error(429, "{}", ("Retry-After", "3")));
        using var http = new HttpClient();

        async Task<HttpResponseMessage> SendAsync()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseAddress, "api/messages")) { Content = new StringContent("hello") };
            message.Headers.Add("Authorization", "Bearer t");
            return await http.SendAsync(message);
        }

        using var limited = await SendAsync();
        var error = Assert.Throws<TransientAdapterException>(() => HttpFailures.ThrowIfFailed(limited, "Fake", "post message"));
        using var ok = await SendAsync();

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(await ok.Content.ReadAsStringAsync(), Is.EqualTo("{\"ok\":true,\"text\":\"hello\"}"));
        Assert.That(fake.RequestsTo("POST", "/api/messages").Select(r => r.Body), Is.EqualTo(new[] { "hello", "hello" }));
        Assert.That(fake.Unmatched, Is.Empty);
    }

    [Test]
    public async Task LoseAnswers_CallPerformedButTheConnectionDropped_NextCallAnswered()
    {
        await using var fake = await FakeApiServer.StartAsync();
        var handled = 0;
        fake.Map("POST", "/api/messages", _ =>
        {
            Interlocked.Increment(ref handled);
            return FakeResponse.JsonBody(new { ok = true });
        });
        fake.LoseAnswers("POST", "/api/messages");
        using var http = new HttpClient();

        var lost = Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(new Uri(fake.BaseAddress, "api/messages"), new StringContent("first")));
        using var answered = await http.PostAsync(new Uri(fake.BaseAddress, "api/messages"), new StringContent("second"));

        Assert.That(lost!.HttpRequestError, Is.Not.EqualTo(HttpRequestError.ConnectionError), "the request was sent: only its answer is missing");
        Assert.That(answered.IsSuccessStatusCode, Is.True);
        Assert.That(Volatile.Read(ref handled), Is.EqualTo(2), "the first call was performed all the same");
        Assert.That(fake.Accepted, Is.EqualTo(2));
    }
}
