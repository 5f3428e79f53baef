using System.Net;
using System.Net.Http.Headers;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Tests;

public sealed class HttpFailuresTests
{
    [Test]
    public void ThrowIfFailed_429WithRetryAfterSeconds_TransientWithThatDelay()
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var error = Assert.Throws<TransientAdapterException>(() => HttpFailures.ThrowIfFailed(response, "Slack", "chat.postMessage", "ratelimited"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(error.Message, Is.EqualTo("Slack chat.postMessage failed with HTTP 429 (ratelimited)"));
    }

    [Test]
    public void ThrowIfFailed_ToolResetHeader_UsedWhenNoRetryAfter()
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.Add("X-RateLimit-Reset-After", "1.25");

        var error = Assert.Throws<TransientAdapterException>(() => HttpFailures.ThrowIfFailed(response, "Discord", "create message", resetHeader: "X-RateLimit-Reset-After"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1.25)));
    }

    [Test]
    public void RetryDelay_HttpDate_RelativeToNow()
    {
        using var response = new HttpResponseMessage((HttpStatusCode)503);
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(30));

        Assert.That(HttpFailures.RetryDelay(response.Headers, now: now), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(408)]
    public void ThrowIfFailed_ServerErrors_Transient(int status)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Throws<TransientAdapterException>(() => HttpFailures.ThrowIfFailed(response, "Jira", "create issue"));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(404)]
    public void ThrowIfFailed_ClientErrors_Permanent(int status)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        var error = Assert.Throws<PermanentAdapterException>(() => HttpFailures.ThrowIfFailed(response, "Jira", "create issue"));

        Assert.That(error!.Message, Is.EqualTo($"Jira create issue failed with HTTP {status}"));
    }

    [Test]
    public void ThrowIfFailed_Success_DoesNothing()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Created);

        Assert.DoesNotThrow(() => HttpFailures.ThrowIfFailed(response, "Jira", "create issue"));
    }
}
