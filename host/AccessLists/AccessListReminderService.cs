using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// Runs <see cref="AccessListReminderRunner"/> at start and then every <c>check_interval</c> on the host's clock. A role
/// without <c>access_list: [list, read]</c> (PermissionDenied) or an Auth Service without access lists (Unimplemented)
/// turns the reminders off with one line, and everything else keeps running; any other failure waits for the next pass.
/// </summary>
internal sealed partial class AccessListReminderService(
    AccessListReminderRunner runner, TimeSpan checkInterval, TimeProvider timeProvider, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Starts the passes in the background.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Runs passes until <paramref name="cancellationToken"/> ends them or Teleport refuses access lists.</summary>
    /// <param name="cancellationToken">Ends the loop.</param>
    /// <returns>A task that completes when the reminders stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarted(logger, checkInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sent = await runner.RunOnceAsync(cancellationToken).ConfigureAwait(false);
                LogPassDone(logger, sent, checkInterval);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unimplemented)
            {
                LogOff(logger, e.StatusCode);
                return;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPassFailed(logger, e.StatusCode, e.Status.Detail);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(checkInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 2750, Level = LogLevel.Information, Message = "Access list review reminders are on; access lists are read every {Interval}")]
    private static partial void LogStarted(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 2759, Level = LogLevel.Warning,
        Message = "Access list review reminders are off: Teleport answered {Code} to listing access lists (the host's role needs access_list: [list, read]); everything else keeps running")]
    private static partial void LogOff(ILogger logger, StatusCode code);

    [LoggerMessage(EventId = 2762, Level = LogLevel.Information, Message = "Access list reminder pass done: {Sent} reminders sent; next pass in {Interval}")]
    private static partial void LogPassDone(ILogger logger, int sent, TimeSpan interval);

    [LoggerMessage(EventId = 2760, Level = LogLevel.Warning, Message = "Access list reminder pass failed ({Code} {Detail}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, StatusCode code, string detail);
}
