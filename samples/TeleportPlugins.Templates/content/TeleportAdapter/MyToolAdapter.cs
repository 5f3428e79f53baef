using System.Net.Http.Headers;
using System.Net.Http.Json;
using TeleportPlugins.Contracts;

namespace MyTool;

/// <summary>
/// Posts a message to MyTool when an Access Request is created and a reply to it for each review, the resolution and
/// the expiry. The message's ID is kept in the request's state, which the host stores in Teleport (plugin data), so
/// replies find their message after a restart and on any replica. The host calls each step once per request and
/// retries it on a <see cref="TransientAdapterException"/>, an <see cref="HttpRequestException"/> or a timeout.
/// </summary>
internal sealed class MyToolAdapter(AdapterContext host, MyToolOptions options) : IAccessRequestAdapter
{
    private const string MessageIdKey = "message_id";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "health", content: null, cancellationToken);
        return response.IsSuccessStatusCode
            ? AdapterHealth.Healthy($"MyTool at {options.Url} answers")
            : AdapterHealth.Unhealthy($"MyTool at {options.Url} answered {(int)response.StatusCode}");
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        // A resumed step may have posted already (the host stopped before recording the ID): a real tool should be
        // asked first, e.g. for a message carrying this request ID, so that the request is not announced twice.
        var request = context.Request;
        var message = new
        {
            request_id = request.Id,
            user = request.User,
            roles = request.Roles,
            reason = request.Reason,
            link = request.WebUiLink?.ToString(),
        };
        using var response = await SendAsync(HttpMethod.Post, "messages", JsonContent.Create(message), cancellationToken);
        Ensure(response);
        context.State.Set(MessageIdKey, (await response.Content.ReadAsStringAsync(cancellationToken)).Trim());
    }

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) =>
        ReplyAsync(context, $"{context.Review.Author} reviewed: {context.Review.ProposedState} {context.Review.Reason}".TrimEnd(), cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ReplyAsync(context, $"{context.Resolution} {context.Reason}".TrimEnd(), cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ReplyAsync(context, "Expired", cancellationToken);

    private async Task ReplyAsync(AccessRequestStepContext context, string text, CancellationToken cancellationToken)
    {
        // No message: the request was never announced to MyTool (e.g. it ended while MyTool was down).
        if (context.State.Get(MessageIdKey) is not { } messageId)
        {
            return;
        }

        using var response = await SendAsync(HttpMethod.Post, $"messages/{Uri.EscapeDataString(messageId)}/replies", JsonContent.Create(new { text }), cancellationToken);
        Ensure(response);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, new Uri(options.Url!, path)) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        return await host.HttpClient.SendAsync(message, cancellationToken);
    }

    // 429 and 5xx are worth another try; any other failure would fail again, so the host records it and moves on.
    private static void Ensure(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var error = $"MyTool answered {status} {response.ReasonPhrase}";
        if (status == 429 || status >= 500)
        {
            throw new TransientAdapterException(error, response.Headers.RetryAfter?.Delta);
        }

        throw new PermanentAdapterException(error);
    }
}
