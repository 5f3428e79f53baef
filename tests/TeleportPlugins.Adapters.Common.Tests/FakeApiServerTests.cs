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
}
