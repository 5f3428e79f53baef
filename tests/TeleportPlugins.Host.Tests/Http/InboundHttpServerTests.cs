using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Http;

public sealed class InboundHttpServerTests
{
    private static readonly string Secret = "s3cret-password-" + Guid.NewGuid().ToString("N");

    [Test]
    public async Task Healthz_FollowsLiveness_ReadyzFollowsReadinessWithAdapterLines()
    {
        var readiness = new SwitchableReadiness();
        await using var server = await StartAsync(new HttpOptions { ListenAddress = "127.0.0.1:0" }, readiness);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        readiness.Report = new ReadinessReport(true, [], ["adapter slack: serving since 2026-11-21T12:00:00Z"]);
        readiness.Liveness = new ReadinessReport(false, ["none of the 1 enabled adapters is serving"], ["adapter slack: retrying"]);
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var dead = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await health.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
        Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await notReady.Content.ReadAsStringAsync(), Is.EqualTo("Teleport watch not initialised\nadapter slack: health check failed"));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("ready\nadapter slack: serving since 2026-11-21T12:00:00Z"));
        Assert.That(dead.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await dead.Content.ReadAsStringAsync(), Is.EqualTo("none of the 1 enabled adapters is serving\nadapter slack: retrying"));
    }

    [Test]
    public async Task Readyz_ReadyWithNotes_OkWithTheNotesAfterReady()
    {
        var note = "slack: 1 step given up in the last hour: request r1 created (a permanent failure: channel_not_found)";
        var readiness = new SwitchableReadiness { Report = new ReadinessReport(true, []) { Notes = [note] } };
        await using var server = await StartAsync(new HttpOptions { ListenAddress = "127.0.0.1:0" }, readiness);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("ready\n" + note));
    }

    [Test]
    public async Task AdapterRoute_Post_HandlerGetsRawBodyAndHeaders()
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0" };
        var routes = new InboundRouteTable(options);
        InboundRequest? received = null;
        routes.For("jira").MapPost("webhook", (request, _) =>
        {
            received = request;
            return Task.FromResult(new InboundResponse(202, "accepted"));
        });
        await using var server = await StartAsync(options, routes: routes);
        using var http = new HttpClient { BaseAddress = server.Address };
        var body = "{\"webhookEvent\":\"jira:issue_updated\", \"x\": \"ü\"}";

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("X-Hub-Signature", "sha256=abc");
        using var response = await http.PostAsync(new Uri("/adapters/jira/webhook", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("accepted"));
        Assert.That(Encoding.UTF8.GetString(received!.Body.Span), Is.EqualTo(body));
        Assert.That(received.Headers["x-hub-signature"], Is.EqualTo("sha256=abc"));
        Assert.That(received.Path, Is.EqualTo("/adapters/jira/webhook"));
    }

    [Test]
    public async Task AdapterRoute_HandlerAnswersJson_SentWithItsContentType()
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0" };
        var routes = new InboundRouteTable(options);
        routes.For("discord").MapPost("interactions", (_, _) => Task.FromResult(new InboundResponse(200, "{\"type\":1}") { ContentType = "application/json" }));
        await using var server = await StartAsync(options, routes: routes);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsync(new Uri("/adapters/discord/interactions", UriKind.Relative), new StringContent("{\"type\":1}"));

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"type\":1}"));
    }

    [Test]
    public async Task AdapterRoute_WrongMethodOrUnknownPath_405And404()
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0" };
        var routes = new InboundRouteTable(options);
        var calls = 0;
        routes.For("gitlab").MapPost("hook", (_, _) =>
        {
            calls++;
            return Task.FromResult(InboundResponse.Ok);
        });
        await using var server = await StartAsync(options, routes: routes);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var get = await http.GetAsync(new Uri("/adapters/gitlab/hook", UriKind.Relative));
        using var unknown = await http.PostAsync(new Uri("/adapters/gitlab/other", UriKind.Relative), new StringContent("x"));

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(calls, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AdapterRoute_BodyOverLimit_413AndHandlerNotCalled(bool chunked)
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0", MaxBodyBytes = 4096 };
        var routes = new InboundRouteTable(options);
        var calls = 0;
        routes.For("jira").MapPost("webhook", (_, _) =>
        {
            calls++;
            return Task.FromResult(InboundResponse.Ok);
        });
        await using var server = await StartAsync(options, routes: routes);
        using var http = new HttpClient { BaseAddress = server.Address };
        var payload = new byte[5000];
        HttpContent content = chunked ? new StreamContent(new MemoryStream(payload)) : new ByteArrayContent(payload);
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await http.PostAsync(new Uri("/adapters/jira/webhook", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(calls, Is.Zero);
        content.Dispose();
    }

    [Test]
    public async Task BasicAuth_RequiredOnAdapterRoutesNotOnHealth_AndNeverLogged()
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0", BasicAuth = new HttpOptions.BasicAuthOptions { User = "jira", Password = Secret } };
        var routes = new InboundRouteTable(options);
        var calls = 0;
        routes.For("jira").MapPost("webhook", (_, _) =>
        {
            calls++;
            return Task.FromResult(InboundResponse.Ok);
        });
        var logs = new RecordingLoggerProvider();
        await using var server = await StartAsync(options, routes: routes, logs: logs);
        using var http = new HttpClient { BaseAddress = server.Address };

        async Task<HttpStatusCode> PostAsync(string? credentials)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("/adapters/jira/webhook", UriKind.Relative)) { Content = new StringContent("{}") };
            if (credentials is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            }

            using var response = await http.SendAsync(message);
            return response.StatusCode;
        }

        Assert.That(await PostAsync(null), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await PostAsync($"jira:{Secret}x"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await PostAsync($"jira:{Secret}"), Is.EqualTo(HttpStatusCode.OK));
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(calls, Is.EqualTo(1));
        Assert.That(logs.Messages(), Has.None.Contains(Secret));
        Assert.That(logs.Messages(LogLevel.Warning), Has.Exactly(2).Contains("Rejected unauthenticated request to /adapters/jira/webhook"));
    }

    [Test]
    public async Task HandlerThrows_Bare500AndOneLogLine()
    {
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0" };
        var routes = new InboundRouteTable(options);
        routes.For("jira").MapPost("webhook", (_, _) => throw new InvalidOperationException("database password is hunter2"));
        var logs = new RecordingLoggerProvider();
        await using var server = await StartAsync(options, routes: routes, logs: logs);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsync(new Uri("/adapters/jira/webhook", UriKind.Relative), new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("internal error"));
        Assert.That(logs.Messages(LogLevel.Error).Single(), Is.EqualTo("Webhook handler for /adapters/jira/webhook failed with InvalidOperationException; answered 500"));
    }

    [Test]
    public async Task Https_WithCertificateAndKeyFiles_ServesTls()
    {
        using var temp = new TempDirectory();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = temp.WriteFile("tls.crt", certificate.ExportCertificatePem());
        var keyFile = temp.WriteFile("tls.key", key.ExportPkcs8PrivateKeyPem());
        await using var server = await StartAsync(new HttpOptions { ListenAddress = "127.0.0.1:0", CertificateFile = certFile, KeyFile = keyFile });
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var http = new HttpClient(handler);

        using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{server.Address!.Port}/healthz"));

        Assert.That(server.Address.Scheme, Is.EqualTo("https"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(":8081", true)]
    [TestCase("127.0.0.1:9000", true)]
    [TestCase("localhost:9000", true)]
    [TestCase("[::1]:9000", true)]
    [TestCase("example.com:9000", false)]
    [TestCase("8081", false)]
    [TestCase("127.0.0.1:99999", false)]
    public void Validate_ListenAddress(string address, bool valid)
    {
        var results = new HttpOptions { ListenAddress = address }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();

        Assert.That(results, valid ? Is.Empty : Has.Count.EqualTo(1));
    }

    private static async Task<InboundHttpServer> StartAsync(HttpOptions options, IReadinessSource? readiness = null, InboundRouteTable? routes = null, RecordingLoggerProvider? logs = null)
    {
        var server = new InboundHttpServer(options, routes ?? new InboundRouteTable(options), readiness ?? new SwitchableReadiness(), new HostMetrics(), (logs ?? new RecordingLoggerProvider()).CreateLogger<InboundHttpServer>());
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private sealed class SwitchableReadiness : IReadinessSource
    {
        public ReadinessReport Report { get; set; } = new(false, ["Teleport watch not initialised", "adapter slack: health check failed"]);

        public ReadinessReport Liveness { get; set; } = new(true, []);

        public ReadinessReport Check() => Report;

        public ReadinessReport CheckLiveness() => Liveness;
    }
}
