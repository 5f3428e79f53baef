using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes;

/// <summary>
/// A lean in-process HTTP API on 127.0.0.1 for load runs: handlers answer at once from small in-memory state, nothing
/// is kept per call but what <see cref="ArrivalLog"/> counts. In front of the handlers: the <see cref="FaultPlan"/>
/// (503 / 429 + Retry-After) and a <see cref="HangWindow"/>. The first accepted calls are kept as samples for the
/// ceiling measurement.
/// </summary>
public sealed class LeanApiServer : IAsyncDisposable
{
    private const int SampleLimit = 64;
    private readonly List<(string Method, Func<string, bool> Path, Func<LeanRequest, LeanResponse> Handler)> _routes = [];
    private readonly ConcurrentQueue<SampledCall> _samples = new();
    private readonly ArrivalLog _log;
    private readonly FaultPlan _faults;
    private readonly int _tool;
    private WebApplication? _app;
    private int _sampled;
    private long _serverErrors;
    private long _rateLimited;
    private long _unmatched;
    private long _refused;

    private LeanApiServer(string tool, ArrivalLog log, FaultPlan faults)
    {
        Tool = tool;
        _log = log;
        _faults = faults;
        _tool = log.IndexOf(tool);
    }

    /// <summary>The tool's name (the adapter's name).</summary>
    public string Tool { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The hang switch of this fake.</summary>
    public HangWindow Hang { get; } = new();

    /// <summary>Calls answered with an injected 5xx.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Calls answered with an injected 429.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Calls no route claimed (an adapter called something the fake does not know: a bug in the fake or the adapter).</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Calls a handler refused (what the real API would refuse): a 4xx, or a 2xx marked <see cref="LeanResponse.Refusal"/>.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The first accepted calls, for the ceiling measurement.</summary>
    public IReadOnlyList<SampledCall> Samples => [.. _samples];

    /// <summary>Starts a fake on an ephemeral port of 127.0.0.1.</summary>
    /// <param name="tool">The tool's name as in <paramref name="log"/>.</param>
    /// <param name="log">Where accepted calls are counted.</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The server, routes not yet mapped.</returns>
    public static async Task<LeanApiServer> StartAsync(string tool, ArrivalLog log, FaultPlan faults)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(faults);
        var server = new LeanApiServer(tool, log, faults);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        server._app = app;
        return server;
    }

    /// <summary>Answers <paramref name="method"/> calls to exactly <paramref name="path"/>.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">The exact path.</param>
    /// <param name="handler">Checks the call and answers.</param>
    public void Map(string method, string path, Func<LeanRequest, LeanResponse> handler) =>
        Map(method, p => string.Equals(p, path, StringComparison.Ordinal), handler);

    /// <summary>Answers <paramref name="method"/> calls whose path matches <paramref name="path"/>; later mappings win.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">A predicate on the path.</param>
    /// <param name="handler">Checks the call and answers.</param>
    public void Map(string method, Func<string, bool> path, Func<LeanRequest, LeanResponse> handler) => _routes.Add((method, path, handler));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        if (Hang.Active)
        {
            try
            {
                await Hang.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var fault = _faults.Decide();
        if (fault != 0)
        {
            await AnswerFaultAsync(context, fault);
            return;
        }

        var path = request.Path.Value ?? "/";
        var lean = new LeanRequest(request.Method, path, request.QueryString.Value ?? string.Empty, request.Headers, body);
        Func<LeanRequest, LeanResponse>? handler = null;
        for (var i = _routes.Count - 1; i >= 0 && handler is null; i--)
        {
            if (string.Equals(_routes[i].Method, lean.Method, StringComparison.Ordinal) && _routes[i].Path(path))
            {
                handler = _routes[i].Handler;
            }
        }

        var response = handler is null
            ? Unknown()
            : handler(lean);
        if (response.Refusal || (response.Status is >= 400 and < 500 && handler is not null))
        {
            Interlocked.Increment(ref _refused);
        }
        else if (response.Status is >= 200 and < 300)
        {
            Accept(lean, response);
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Status is 204 or 304 || response.Body.Length == 0)
        {
            return;
        }

        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    private LeanResponse Unknown()
    {
        Interlocked.Increment(ref _unmatched);
        return new LeanResponse(404, "{\"error\":\"no such route in the load fake\"}", CallKind.Read);
    }

    private void Accept(LeanRequest request, LeanResponse response)
    {
        if (response.Kind == CallKind.Read)
        {
            _log.AcceptedRead(_tool);
        }
        else
        {
            _log.Accepted(_tool, response.Kind, request.Body);
        }

        if (_log.Recording && _sampled < SampleLimit && Interlocked.Increment(ref _sampled) <= SampleLimit)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in new[] { "Authorization", "Content-Type", "X-Api-Key", "Private-Token", "User-Agent" })
            {
                if (request.Header(name) is { } value)
                {
                    headers[name] = value;
                }
            }

            _samples.Enqueue(new SampledCall(request.Method, request.Path + request.Query, headers, request.Body));
        }
    }

    private async Task AnswerFaultAsync(HttpContext context, int status)
    {
        if (status == 429)
        {
            Interlocked.Increment(ref _rateLimited);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = _faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":\"rate limited\"}", context.RequestAborted);
            return;
        }

        Interlocked.Increment(ref _serverErrors);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("upstream unavailable", context.RequestAborted);
    }
}
