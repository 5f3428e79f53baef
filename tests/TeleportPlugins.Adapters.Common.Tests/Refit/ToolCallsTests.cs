using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Tests.Refit;

public sealed class ToolCallsTests
{
    private static readonly ToolCalls Calls = new("Echo", body => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());

    [Test]
    public void SendAsync_429WithRetryAfter_TransientWithThatDelayAndTheToolsDetail()
    {
        var error = Assert.ThrowsAsync<TransientAdapterException>(() => SendThroughAsync(Answer((HttpStatusCode)429, """{"error":"slow down"}""", retryAfter: 7)));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(error.Message, Does.Contain("Echo POST /v2/notes").And.Contain("429").And.Contain("slow down"));
    }

    [Test]
    public void SendAsync_403_PermanentAndTheRequestsCredentialsNowhereInTheMessage()
    {
        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => SendThroughAsync(Answer(HttpStatusCode.Forbidden, """{"error":"no access"}""")));

        Assert.That(error!.Message, Does.Contain("403").And.Contain("no access").And.Not.Contain("s3cret"));
        Assert.That(error.InnerException, Is.Null);
    }

    [Test]
    public void SendAsync_401WithAPlainTextBody_PermanentSayingTheCredentialsWereRejected()
    {
        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => SendThroughAsync(Answer(HttpStatusCode.Unauthorized, "Forbidden")));

        Assert.That(error!.Message, Is.EqualTo("Echo POST /v2/notes failed with HTTP 401 (the credentials were rejected)"));
    }

    [Test]
    public void SendAsync_503WithABodyThatIsNotJson_TransientWithoutADetail()
    {
        var error = Assert.ThrowsAsync<TransientAdapterException>(() => SendThroughAsync(Answer(HttpStatusCode.ServiceUnavailable, "<html>bad gateway</html>")));

        Assert.That(error!.Message, Does.Not.Contain("html"));
    }

    [Test]
    public void SendAsync_SuccessBodyThatIsNotTheExpectedJson_Transient()
    {
        var error = Assert.ThrowsAsync<TransientAdapterException>(() => SendThroughAsync(Answer(HttpStatusCode.OK, "<html>login page</html>")));

        Assert.That(error!.Message, Does.Contain("not the expected JSON"));
    }

    [Test]
    public void SendAsync_ToolUnreachable_Transient()
    {
        var error = Assert.ThrowsAsync<TransientAdapterException>(() => SendThroughAsync(_ => throw new HttpRequestException("Connection refused")));

        Assert.That(error!.Message, Does.StartWith("cannot reach Echo POST /v2/notes").And.Contain("Connection refused"));
    }

    [Test]
    public void SendAsync_AnswerLostOrTimedOut_TransientCarryingTheTransportCauseButNotTheRequest()
    {
        var cut = Assert.ThrowsAsync<TransientAdapterException>(() => SendThroughAsync(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));
        var timedOut = Assert.ThrowsAsync<TransientAdapterException>(() => SendThroughAsync(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException())));

        Assert.That(cut!.InnerException, Is.TypeOf<HttpRequestException>().With.Property(nameof(HttpRequestException.HttpRequestError)).EqualTo(HttpRequestError.ResponseEnded));
        Assert.That(timedOut!.InnerException, Is.InstanceOf<TaskCanceledException>().With.InnerException.TypeOf<TimeoutException>(), "the host retries a timed-out call by looking in the tool first");
        Assert.That(new[] { cut, timedOut }.Select(e => e.InnerException), Has.None.InstanceOf<global::Refit.ApiException>().And.None.InstanceOf<global::Refit.ApiRequestException>(), "Refit's exceptions hold the request and its credentials");
    }

    [Test]
    public void SendAsync_CallerCancels_OperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.That(
            () => SendThroughAsync(_ => throw new TaskCanceledException(), cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task FindAsync_404_Null()
    {
        using var hostClient = new HttpClient(new AnsweringHandler(Answer(HttpStatusCode.NotFound, """{"error":"gone"}""")));
        using var api = RefitApi.Create<IEchoApi>(hostClient, new Uri("https://tool.example/"), EchoJsonContext.Default);

        var found = await Calls.FindAsync("POST /v2/notes", () => api.Api.PostAsync("1", new EchoNote("x"), CancellationToken.None), CancellationToken.None);

        Assert.That(found, Is.Null);
    }

    private static async Task SendThroughAsync(Func<HttpRequestMessage, HttpResponseMessage> answer, CancellationToken cancellationToken = default)
    {
        using var hostClient = new HttpClient(new AnsweringHandler(answer));
        using var api = RefitApi.Create<IEchoApi>(hostClient, new Uri("https://tool.example/"), EchoJsonContext.Default, new SecretHeaderHandler());
        await Calls.SendAsync("POST /v2/notes", () => api.Api.PostAsync("1", new EchoNote("x"), cancellationToken), cancellationToken);
    }

    private static Func<HttpRequestMessage, HttpResponseMessage> Answer(HttpStatusCode status, string body, int? retryAfter = null) => _ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    };

    private sealed class SecretHeaderHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", "s3cret");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class AnsweringHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
