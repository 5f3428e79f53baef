using System.Net;
using System.Text;
using TeleportPlugins.Adapters.Common.Refit;

namespace TeleportPlugins.Adapters.Common.Tests.Refit;

public sealed class RefitApiTests
{
    [Test]
    public async Task Create_Call_GoesThroughTheHostsClientWithBaseCredentialsAndTheContextsNaming()
    {
        var host = new CapturingHandler();
        using var hostClient = new HttpClient(host);
        using var api = RefitApi.Create<IEchoApi>(hostClient, new Uri("https://tool.example/api/"), EchoJsonContext.Default, new BearerHandler("t0ken"));

        var answer = await api.Api.PostAsync("n 1", new EchoNote("hello"), CancellationToken.None);

        Assert.That(host.Seen, Has.Count.EqualTo(1));
        var (method, uri, authorization, body) = host.Seen[0];
        Assert.That(host.Accept, Is.EqualTo(new[] { "application/vnd.echo+json;version=2" }), "headers with parameters arrive as written");
        Assert.That(method, Is.EqualTo(HttpMethod.Post));
        Assert.That(uri, Is.EqualTo("https://tool.example/api/v2/notes/n%201"));
        Assert.That(authorization, Is.EqualTo("Bearer t0ken"));
        Assert.That(body, Is.EqualTo("""{"note_text":"hello"}"""));
        Assert.That(answer, Is.EqualTo(new EchoNote("echo")));
    }

    [Test]
    public void Dispose_TheAdaptersClient_LeavesTheHostsClientUsable()
    {
        var host = new CapturingHandler();
        using var hostClient = new HttpClient(host);
        var api = RefitApi.Create<IEchoApi>(hostClient, new Uri("https://tool.example/"), EchoJsonContext.Default);

        api.Dispose();

        Assert.That(async () => await hostClient.GetAsync(new Uri("https://tool.example/still"), CancellationToken.None), Throws.Nothing);
        Assert.That(host.Seen.Select(s => s.Uri), Is.EqualTo(new[] { "https://tool.example/still" }));
    }

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Uri, string? Authorization, string? Body)> Seen { get; } = [];

        public List<string> Accept { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Seen.Add((request.Method, request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString(), body));
            if (request.Headers.NonValidated.TryGetValues("Accept", out var accept))
            {
                Accept.AddRange(accept);
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"note_text":"echo"}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
