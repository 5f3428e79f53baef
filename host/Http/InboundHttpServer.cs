using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Http;

/// <summary>
/// The host's one HTTP listener (<c>[http]</c>): <c>GET /healthz</c> (the process is alive: 503 only once no enabled
/// adapter serves after start-up), <c>GET /readyz</c> (the Teleport watch is initialised and every enabled adapter
/// serves; the body names each adapter's state), <c>GET /metrics</c> (Prometheus
/// text format, unless <c>metrics = false</c>), and the adapters' webhook routes under <c>/adapters/&lt;name&gt;/</c>,
/// behind optional basic authentication. Bodies are size-limited before any adapter sees them; an adapter's failure
/// becomes a bare 500.
/// </summary>
/// <remarks>
/// Basic authentication guards only the webhooks, which act on requests. Probes and scrapers are configured per
/// endpoint and rarely hold credentials, and neither the health answers nor the metrics carry a secret, a request ID or
/// a user name; a deployment that wants <c>/metrics</c> private turns it off or restricts the port.
/// </remarks>
internal sealed partial class InboundHttpServer(
    HttpOptions options,
    InboundRouteTable routes,
    IReadinessSource readiness,
    IMetricsSource metrics,
    ILogger<InboundHttpServer> logger) : IHostedService, IAsyncDisposable
{
    private readonly BasicAuthentication? _basicAuth = options.BasicAuth is { } auth ? new BasicAuthentication(auth.User, auth.Password) : null;
    private WebApplication? _app;

    /// <summary>The bound address once started (e.g. <c>http://127.0.0.1:41234</c>).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            var endpoint = options.ParseEndpoint();
            kestrel.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (!string.IsNullOrWhiteSpace(options.CertificateFile))
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile));
                }
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        LogListening(logger, bound, options.Metrics ? "on" : "off");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        switch (path)
        {
            case "/healthz" when HttpMethods.IsGet(request.Method):
                var liveness = readiness.CheckLiveness();
                await WriteAsync(context, liveness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, liveness.Body("ok"));
                return;
            case "/readyz" when HttpMethods.IsGet(request.Method):
                var report = readiness.Check();
                await WriteAsync(context, report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, report.Body("ready"));
                return;
            case "/metrics" when options.Metrics && HttpMethods.IsGet(request.Method):
                var exposition = new PrometheusTextWriter();
                ProcessMetrics.Write(exposition);
                metrics.Write(exposition);
                await WriteAsync(context, StatusCodes.Status200OK, exposition.ToString(), PrometheusTextWriter.ContentType);
                return;
        }

        if (!routes.TryGet(path, out var handler))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "not found");
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method not allowed");
            return;
        }

        if (_basicAuth is not null && !_basicAuth.IsAuthorized(request.Headers.Authorization))
        {
            LogUnauthorized(logger, path, context.Connection.RemoteIpAddress);
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"teleport-plugins\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "unauthorized");
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            LogTooLarge(logger, path, options.MaxBodyBytes);
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "request body too large");
            return;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        InboundResponse response;
        try
        {
            response = await handler(new InboundRequest(request.Method, path, headers, body.Value), context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Adapter failures stay inside: the caller learns nothing about our internals.
            LogHandlerFailed(logger, path, e.GetType().Name);
            response = new InboundResponse(StatusCodes.Status500InternalServerError, "internal error");
        }

        await WriteAsync(context, response.StatusCode, response.Body, response.ContentType);
    }

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > options.MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static Task WriteAsync(HttpContext context, int status, string body, string contentType = "text/plain; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "HTTP listener on {Address} (/healthz, /readyz, /metrics {Metrics}, adapter webhooks under /adapters/)")]
    private static partial void LogListening(ILogger logger, string address, string metrics);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "HTTP listener disabled ([http] listen_addr is empty)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Rejected unauthenticated request to {Path} from {Remote}")]
    private static partial void LogUnauthorized(ILogger logger, string path, IPAddress? remote);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Rejected request to {Path}: body larger than {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, string path, int limit);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Webhook handler for {Path} failed with {ExceptionType}; answered 500")]
    private static partial void LogHandlerFailed(ILogger logger, string path, string exceptionType);
}
