using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Reviews;

/// <summary>
/// One adapter's review service: reviews and state changes go to Teleport, with the adapter named in the delegator
/// (<c>adapter:external user</c>) so the audit log says who decided through which tool. Idempotent: a refusal that
/// may mean "already done" is checked by status code and a re-read of the request, never by message text.
/// </summary>
internal sealed partial class TeleportReviewService(ITeleportClient client, string adapterName, string? reviewerUser, ILogger<TeleportReviewService> logger)
    : IAccessReviewService
{
    /// <inheritdoc />
    public Task<ReviewOutcome> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        ApplyAsync(
            requestId,
            "review",
            token => client.SubmitReviewAsync(requestId, proposedState, reason, token),
            request => request.IsResolved || (reviewerUser is not null && request.Reviews.Any(r => string.Equals(r.Author, reviewerUser, StringComparison.Ordinal))),
            cancellationToken);

    /// <inheritdoc />
    public Task<ReviewOutcome> SetRequestStateAsync(string requestId, AccessRequestState state, string reason, string externalUser, CancellationToken cancellationToken) =>
        ApplyAsync(
            requestId,
            "state change",
            token => client.SetAccessRequestStateAsync(requestId, state, reason, $"{adapterName}:{externalUser}", token),
            request => request.IsResolved,
            cancellationToken);

    private async Task<ReviewOutcome> ApplyAsync(
        string requestId, string action, Func<CancellationToken, Task> call, Func<AccessRequestSnapshot, bool> alreadyDone, CancellationToken cancellationToken)
    {
        try
        {
            await call(cancellationToken).ConfigureAwait(false);
            return ReviewOutcome.Applied;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return ReviewOutcome.RequestNotFound;
        }
        catch (RpcException e) when (MayMeanAlreadyDone(e.StatusCode))
        {
            var request = await client.GetAccessRequestAsync(requestId, cancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                return ReviewOutcome.RequestNotFound;
            }

            if (alreadyDone(request))
            {
                LogAlreadyDone(logger, adapterName, requestId, action, e.StatusCode);
                return ReviewOutcome.AlreadyDone;
            }

            throw;
        }
    }

    private static bool MayMeanAlreadyDone(StatusCode code) =>
        code is StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.FailedPrecondition;

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: {Action} refused with {Status} because it was already done; treated as done")]
    private static partial void LogAlreadyDone(ILogger logger, string adapter, string requestId, string action, StatusCode status);
}
