using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Samples.JsonLines;

/// <summary>
/// Appends one JSON object per lifecycle step to a file. It records the line number of the request's "created"
/// line in its per-request state, so later lines can point back at it even after a restart.
/// </summary>
internal sealed partial class JsonLinesAdapter(JsonLinesOptions options, AdapterContext adapterContext) : IAccessRequestAdapter, IDisposable
{
    private const string CreatedLineKey = "created_line";
    private readonly SemaphoreSlim _fileLock = new(1, 1);
    private int? _lineCount;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Path))!;
        try
        {
            Directory.CreateDirectory(directory);
            await using var stream = new FileStream(options.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            return AdapterHealth.Healthy($"appending to {options.Path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AdapterHealth.Unhealthy($"cannot append to {options.Path}: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var line = await AppendAsync("created", context.Request, extra: null, cancellationToken);
        context.State.Set(CreatedLineKey, line.ToString(CultureInfo.InvariantCulture));
    }

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) =>
        AppendAsync("reviewed", context.Request, new Dictionary<string, object?>
        {
            ["author"] = context.Review.Author,
            ["proposed_state"] = context.Review.ProposedState.ToString().ToUpperInvariant(),
            ["reason"] = context.Review.Reason,
            ["created_line"] = context.State.Get(CreatedLineKey),
        }, cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        AppendAsync("resolved", context.Request, new Dictionary<string, object?>
        {
            ["resolution"] = context.Resolution.ToString().ToUpperInvariant(),
            ["reason"] = context.Reason,
            ["created_line"] = context.State.Get(CreatedLineKey),
        }, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        AppendAsync("expired", context.Request, new Dictionary<string, object?>
        {
            ["created_line"] = context.State.Get(CreatedLineKey),
        }, cancellationToken);

    private async Task<int> AppendAsync(string step, AccessRequestSnapshot request, Dictionary<string, object?>? extra, CancellationToken cancellationToken)
    {
        var record = new Dictionary<string, object?>
        {
            ["time"] = adapterContext.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["step"] = step,
            ["id"] = request.Id,
            ["cluster"] = request.Cluster,
            ["user"] = request.User,
            ["roles"] = request.Roles,
            ["state"] = request.State.ToString().ToUpperInvariant(),
            ["request_reason"] = request.Reason,
            ["link"] = request.WebUiLink?.ToString(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            record[key] = value;
        }

        var json = JsonSerializer.Serialize(record);
        await _fileLock.WaitAsync(cancellationToken);
        try
        {
            // Counted once per process; afterwards every append goes through this lock.
            _lineCount ??= File.Exists(options.Path) ? File.ReadLines(options.Path).Count() : 0;
            await File.AppendAllTextAsync(options.Path, json + "\n", cancellationToken);
            var lineNumber = ++_lineCount;
            if (options.Echo)
            {
                LogLine(adapterContext.Logger, json);
            }

            return lineNumber.Value;
        }
        finally
        {
            _fileLock.Release();
        }
    }

    public void Dispose() => _fileLock.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogLine(ILogger logger, string line);
}
