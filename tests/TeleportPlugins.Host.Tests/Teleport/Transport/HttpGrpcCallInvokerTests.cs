using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

/// <summary>Request shape and response edge cases that a well-behaved server never produces, on stubbed HTTP.</summary>
public sealed class HttpGrpcCallInvokerTests
{
    private static readonly Uri Address = new("http://teleport.cluster.local:3025/ignored/path");

    [Test]
    public async Task UnaryAsync_Request_IsAnHttp2GrpcPostWithTimeoutAndMetadata()
    {
        var stub = new StubHandler(_ => Task.FromResult(GrpcResponse(trailers: [("grpc-status", "0")], new PingResponse { ClusterName = "c" })));
        var invoker = CreateInvoker(stub);
        var options = new GrpcCallOptions
        {
            Deadline = TimeProvider.System.GetUtcNow().AddSeconds(20),
            Metadata = [KeyValuePair.Create("version", "17.0.0")],
        };

        var response = await invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), options, CancellationToken.None);

        var (request, body) = stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.ClusterName, Is.EqualTo("c"));
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri("http://teleport.cluster.local:3025/proto.AuthService/Ping")));
            Assert.That(request.Version, Is.EqualTo(HttpVersion.Version20));
            Assert.That(request.VersionPolicy, Is.EqualTo(HttpVersionPolicy.RequestVersionExact));
            Assert.That(request.Content!.Headers.ContentType!.MediaType, Is.EqualTo("application/grpc"));
            Assert.That(request.Headers.TE.ToString(), Is.EqualTo("trailers"));
            Assert.That(request.Headers.GetValues("grpc-accept-encoding"), Is.EqualTo(new[] { "identity" }));
            Assert.That(request.Headers.Contains("grpc-encoding"), Is.False);
            Assert.That(request.Headers.GetValues("grpc-timeout").Single(), Does.Match(@"^\d{1,8}[um]$"));
            Assert.That(request.Headers.GetValues("version"), Is.EqualTo(new[] { "17.0.0" }));
            Assert.That(body, Is.EqualTo(new byte[] { 0, 0, 0, 0, 0 }), "an empty PingRequest is a zero-length frame");
        });
    }

    [TestCase(HttpStatusCode.ServiceUnavailable, (int)GrpcStatusCode.Unavailable)]
    [TestCase(HttpStatusCode.NotFound, (int)GrpcStatusCode.Unimplemented)]
    [TestCase(HttpStatusCode.Unauthorized, (int)GrpcStatusCode.Unauthenticated)]
    public void UnaryAsync_HttpErrorWithoutGrpcStatus_MapsHttpStatus(HttpStatusCode status, int expected)
    {
        var invoker = CreateInvoker(new StubHandler(_ => Task.FromResult(new HttpResponseMessage(status))));

        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(invoker));

        Assert.That(error!.StatusCode, Is.EqualTo((GrpcStatusCode)expected));
    }

    [Test]
    public void UnaryAsync_HttpErrorWithGrpcStatus_UsesGrpcStatus()
    {
        var invoker = CreateInvoker(new StubHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.TryAddWithoutValidation("grpc-status", "7");
            return Task.FromResult(response);
        }));

        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(invoker));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.PermissionDenied));
    }

    [Test]
    public void UnaryAsync_NotGrpcContentType_ThrowsInternal()
    {
        var invoker = CreateInvoker(new StubHandler(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html>proxy login</html>", null, "text/html"),
        })));

        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(invoker));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
            Assert.That(error.Detail, Does.Contain("text/html"));
        });
    }

    [TestCaseSource(nameof(MalformedUnaryResponses))]
    public void UnaryAsync_MalformedResponse_ThrowsInternal(Func<HttpResponseMessage> respond)
    {
        var invoker = CreateInvoker(new StubHandler(_ => Task.FromResult(respond())));

        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(invoker));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
    }

    [Test]
    public void UnaryAsync_MessageThenErrorStatus_ThrowsTheStatus()
    {
        var invoker = CreateInvoker(new StubHandler(_ =>
            Task.FromResult(GrpcResponse([("grpc-status", "9"), ("grpc-message", "expectations%20not%20met")], new PingResponse()))));

        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(invoker));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.FailedPrecondition));
            Assert.That(error.Detail, Is.EqualTo("expectations not met"));
        });
    }

    [Test]
    public void UnaryAsync_ConnectNeverCompletes_ThrowsUnavailableAfterConnectTimeout()
    {
        var options = new GrpcTransportOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) };
        var sockets = new SocketsHttpHandler
        {
            // A peer that never answers the handshake, without sending traffic anywhere.
            ConnectCallback = async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new UnreachableException();
            },
        };
        options.ApplyTo(sockets);
        using var http = new HttpMessageInvoker(sockets);
        var invoker = new HttpGrpcCallInvoker(http, new Uri("http://127.0.0.1:9"), options, TimeProvider.System, new CapturingLogger());
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<GrpcCallException>(() => PingAsync(invoker));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
            Assert.That(error.Detail, Does.Contain("timed out connecting"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    private static IEnumerable<TestCaseData> MalformedUnaryResponses()
    {
        yield return new TestCaseData(() => GrpcResponse([("grpc-status", "0")], new PingResponse(), new PingResponse()))
            .SetName("UnaryAsync_TwoResponseMessages_ThrowsInternal");
        yield return new TestCaseData(() => GrpcResponse([("grpc-status", "0")]))
            .SetName("UnaryAsync_OkWithoutMessage_ThrowsInternal");
        yield return new TestCaseData(() => GrpcResponse([], new PingResponse()))
            .SetName("UnaryAsync_StreamEndsWithoutStatus_ThrowsInternal");
    }

    private static HttpGrpcCallInvoker CreateInvoker(HttpMessageHandler handler) =>
        new(new HttpMessageInvoker(handler), Address, new GrpcTransportOptions(), TimeProvider.System, new CapturingLogger());

    private static Task<PingResponse> PingAsync(HttpGrpcCallInvoker invoker) =>
        invoker.UnaryAsync(TestMethods.Ping, new PingRequest(), GrpcCallOptions.None, CancellationToken.None);

    private static HttpResponseMessage GrpcResponse((string Name, string Value)[] trailers, params IMessage[] messages)
    {
        var content = new ByteArrayContent([.. messages.SelectMany(m => GrpcFrame.Encode(m, int.MaxValue))]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, Version = HttpVersion.Version20 };
        foreach (var (name, value) in trailers)
        {
            response.TrailingHeaders.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
