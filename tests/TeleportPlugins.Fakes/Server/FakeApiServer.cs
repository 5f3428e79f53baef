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

namespace TeleportPlugins.Fakes;

/// <summary>
/// An in-process HTTP server on 127.0.0.1 standing in for a tool's API; every tool's fake is built on it. A fake maps
/// handlers per method and path (a later mapping wins); each handler checks what the real API checks and answers like
/// it, saying what the call did (<see cref="FakeResponse.Kind"/>). In front of the handlers, in this order: a
/// <see cref="HangWindow"/>, answers queued with <see cref="FailNext"/>, and the random <see cref="FaultPlan"/> — all
/// decided before a handler runs, so a refused call changes nothing in the tool. Calls are kept in
/// <see cref="Requests"/> when <see cref="FakeServerOptions.RecordRequests"/> (tests), and always counted; an accepted
/// call is told to the <see cref="FakeServerOptions.Observer"/>, and the first ones are kept as <see cref="Samples"/>
/// for the load tool's ceiling measurement. A call no route claims gets 404 and counts in <see cref="UnmatchedCount"/>.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private const int SampleLimit = 64;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<RecordedRequest> _unmatched = new();
    private readonly ConcurrentQueue<SampledCall> _samples = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeResponse>> _injected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _answersToLose = new(StringComparer.Ordinal);
    private readonly FakeServerOptions _options;
    private volatile Route[] _routes = [];
    private WebApplication? _app;
    private int _sampled;
    private long _accepted;
    private long _refused;
    private long _unmatchedCount;
    private long _serverErrors;
    private long _rateLimited;

    private FakeApiServer(FakeServerOptions options) => _options = options;

    /// <summary>The base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The hang switch: while on, every call waits until it ends (or the caller gives up).</summary>
    public HangWindow Hang { get; } = new();

    /// <summary>The random faults (arm them with <see cref="FaultPlan.Armed"/>).</summary>
    public FaultPlan Faults => _options.Faults;

    /// <summary>Every request received, in order (empty unless <see cref="FakeServerOptions.RecordRequests"/>).</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests no route claimed (empty unless <see cref="FakeServerOptions.RecordRequests"/>; see <see cref="UnmatchedCount"/>).</summary>
    public IReadOnlyList<RecordedRequest> Unmatched => [.. _unmatched];

    /// <summary>Calls accepted: answered 2xx by a handler without refusing.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Calls a handler refused as the real API would: a 4xx other than 429, or a 2xx marked <see cref="FakeResponse.Refusal"/>.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Calls no route claimed (an adapter called something the fake does not know: a bug in one of them).</summary>
    public long UnmatchedCount => Interlocked.Read(ref _unmatchedCount);

    /// <summary>Calls answered with a 5xx.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Calls answered with 429.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>The first accepted calls while the observer records, for the load tool's ceiling measurement.</summary>
    public IReadOnlyList<SampledCall> Samples => [.. _samples];

    /// <summary>Starts listening on an ephemeral port of 127.0.0.1.</summary>
    /// <param name="options">Recording or counted, and the faults; <see cref="FakeServerOptions.Recording"/> when null.</param>
    /// <returns>The server, no routes mapped.</returns>
    public static async Task<FakeApiServer> StartAsync(FakeServerOptions? options = null)
    {
        var server = new FakeApiServer(options ?? FakeServerOptions.Recording);
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

    /// <summary>Answers <paramref name="method"/> requests to exactly <paramref name="path"/>.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">The path, e.g. <c>/api/chat.postMessage</c>.</param>
    /// <param name="handler">Checks the request and answers.</param>
    public void Map(string method, string path, Func<FakeRequest, FakeResponse> handler) =>
        Map(method, p => string.Equals(p, path, StringComparison.Ordinal), handler);

    /// <summary>Answers requests whose path matches <paramref name="path"/>; a later mapping wins over an earlier one.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">A predicate on the path.</param>
    /// <param name="handler">Checks the request and answers.</param>
    public void Map(string method, Func<string, bool> path, Func<FakeRequest, FakeResponse> handler) =>
        _routes = [new Route(method, path, handler), .. _routes];

    /// <summary>Answers <paramref name="method"/> requests to <paramref name="path"/>, handing the handler the variable segment.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">The template, e.g. <c>/rest/api/2/issue/{id}/comment</c>.</param>
    /// <param name="handler">Checks the request (and the segment) and answers.</param>
    public void Map(string method, PathTemplate path, Func<FakeRequest, string, FakeResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(path);
        Map(method, path.Matches, request => handler(request, path.Id(request.Path)));
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

    /// <summary>
    /// The next <paramref name="count"/> requests to <paramref name="method"/> <paramref name="path"/> are handled as
    /// usual (whatever they create exists) but their answer is lost: the connection is dropped instead, as when a
    /// network fault or a proxy cuts a call the tool has already performed.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The exact path.</param>
    /// <param name="count">How many answers to lose.</param>
    public void LoseAnswers(string method, string path, int count = 1) =>
        _answersToLose.AddOrUpdate($"{method} {path}", count, (_, left) => left + count);

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
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var request = new FakeRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers,
            body);
        var recorded = _options.RecordRequests ? request.Record() : null;
        if (recorded is not null)
        {
            _requests.Enqueue(recorded);
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

        var response = Answer(request, recorded);
        Count(request, response.Answer, response.Handled);
        if (response.Handled && TakeLostAnswer($"{request.Method} {request.Path}"))
        {
            context.Abort();
            return;
        }

        await WriteAsync(context, response.Answer);
    }

    private bool TakeLostAnswer(string key)
    {
        while (_answersToLose.TryGetValue(key, out var left) && left > 0)
        {
            if (_answersToLose.TryUpdate(key, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    private (FakeResponse Answer, bool Handled) Answer(FakeRequest request, RecordedRequest? recorded)
    {
        if (_injected.TryGetValue($"{request.Method} {request.Path}", out var queue) && queue.TryDequeue(out var injected))
        {
            return (injected, false);
        }

        var fault = _options.Faults.Decide();
        if (fault == 429)
        {
            return (FakeResponse.TooManyRequests(TimeSpan.FromSeconds(_options.Faults.RetryAfterSeconds), "{\"error\":\"rate limited\"}"), false);
        }

        if (fault != 0)
        {
            return (FakeResponse.Unavailable(fault), false);
        }

        foreach (var route in _routes)
        {
            if (string.Equals(route.Method, request.Method, StringComparison.Ordinal) && route.Path(request.Path))
            {
                return (route.Handler(request), true);
            }
        }

        Interlocked.Increment(ref _unmatchedCount);
        if (recorded is not null)
        {
            _unmatched.Enqueue(recorded);
        }

        return (new FakeResponse(404, "{\"error\":\"no such route in the fake\"}"), false);
    }

    private void Count(FakeRequest request, FakeResponse response, bool handled)
    {
        switch (response.Status)
        {
            case 429:
                Interlocked.Increment(ref _rateLimited);
                break;
            case >= 500:
                Interlocked.Increment(ref _serverErrors);
                break;
            case >= 400 when handled:
                Interlocked.Increment(ref _refused);
                break;
            case >= 200 and < 300 when response.Refusal:
                Interlocked.Increment(ref _refused);
                break;
            case >= 200 and < 300 when handled:
                Interlocked.Increment(ref _accepted);
                Observe(request, response);
                break;
            default:
                break;
        }
    }

    private void Observe(FakeRequest request, FakeResponse response)
    {
        if (_options.Observer is not { } observer)
        {
            return;
        }

        observer.Accepted(response.Kind, request.Body);
        if (observer.Recording && _sampled < SampleLimit && Interlocked.Increment(ref _sampled) <= SampleLimit)
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

    private static async Task WriteAsync(HttpContext context, FakeResponse response)
    {
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

    private sealed record Route(string Method, Func<string, bool> Path, Func<FakeRequest, FakeResponse> Handler);
}
