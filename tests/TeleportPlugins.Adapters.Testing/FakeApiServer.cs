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

namespace TeleportPlugins.Adapters.Testing;

/// <summary>
/// An in-process HTTP server on 127.0.0.1 standing in for a tool's API. A fake registers handlers per method and
/// path; each handler checks what the real API checks (auth header, body) and answers like it. Every request is
/// recorded; a request no handler claims gets 404 and is kept in <see cref="Unmatched"/> so tests can assert none.
/// Failures can be injected in front of a route (429 storms, 5xx) with <see cref="FailNext"/>.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly List<(string Method, Func<string, bool> Path, Func<RecordedRequest, FakeResponse> Handler)> _routes = [];
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<RecordedRequest> _unmatched = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeResponse>> _injected = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private WebApplication? _app;

    /// <summary>The base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests no route claimed.</summary>
    public IReadOnlyList<RecordedRequest> Unmatched => [.. _unmatched];

    /// <summary>Starts listening on an ephemeral port of 127.0.0.1.</summary>
    /// <returns>The server.</returns>
    public static async Task<FakeApiServer> StartAsync()
    {
        var server = new FakeApiServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        server._app = app;
        return server;
    }

    /// <summary>Answers <paramref name="method"/> requests to exactly <paramref name="path"/>.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">The path, e.g. <c>/api/chat.postMessage</c>.</param>
    /// <param name="handler">Checks the request and answers.</param>
    public void Map(string method, string path, Func<RecordedRequest, FakeResponse> handler) =>
        Map(method, p => string.Equals(p, path, StringComparison.Ordinal), handler);

    /// <summary>Answers requests whose path matches <paramref name="path"/>.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">A predicate on the path.</param>
    /// <param name="handler">Checks the request and answers.</param>
    public void Map(string method, Func<string, bool> path, Func<RecordedRequest, FakeResponse> handler)
    {
        lock (_gate)
        {
            _routes.Add((method, path, handler));
        }
    }

    /// <summary>The next <paramref name="count"/> requests to <paramref name="method"/> <paramref name="path"/> get <paramref name="response"/> instead of the handler's answer.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The exact path.</param>
    /// <param name="response">The injected answer.</param>
    /// <param name="count">How many times.</param>
    public void FailNext(string method, string path, FakeResponse response, int count = 1)
    {
        var queue = _injected.GetOrAdd($"{method} {path}", _ => new ConcurrentQueue<FakeResponse>());
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue(response);
        }
    }

    /// <summary>The recorded requests to one method and path.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The exact path.</param>
    /// <returns>The requests in order.</returns>
    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        [.. _requests.Where(r => r.Method == method && r.Path == path)];

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
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body);
        _requests.Enqueue(request);

        FakeResponse response;
        if (_injected.TryGetValue($"{request.Method} {request.Path}", out var queue) && queue.TryDequeue(out var injected))
        {
            response = injected;
        }
        else
        {
            Func<RecordedRequest, FakeResponse>? handler;
            lock (_gate)
            {
                handler = _routes.LastOrDefault(r => r.Method == request.Method && r.Path(request.Path)).Handler;
            }

            if (handler is null)
            {
                _unmatched.Enqueue(request);
                response = new FakeResponse(404, "{\"error\":\"no such route in the fake\"}");
            }
            else
            {
                response = handler(request);
            }
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        // 204 and 304 carry no body by definition; writing one (even empty, with a content type) makes Kestrel abort
        // the connection, which a client reusing it then sees as "response ended prematurely".
        if (response.Status is 204 or 304 || response.Body.Length == 0)
        {
            return;
        }

        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}
