namespace TeleportPlugins.Contracts;

/// <summary>
/// An integration that follows each Teleport Access Request through its life: created, reviewed,
/// resolved (approved, denied or promoted), expired or deleted.
/// </summary>
/// <remarks>
/// The host calls the steps of one request in order and never two steps of the same request at once; steps of
/// different requests run in parallel. A step that throws <see cref="TransientAdapterException"/> (or a transient
/// <see cref="HttpRequestException"/>, timeout or connection error) is retried; <see cref="PermanentAdapterException"/>
/// is recorded as failed and not retried. Whatever a step writes to <see cref="AccessRequestStepContext.State"/> is
/// persisted by the host once the step returns, so a retried step can see how far an earlier attempt got.
/// An adapter may implement <see cref="IAsyncDisposable"/>; the host disposes it on shutdown.
/// </remarks>
public interface IAccessRequestAdapter
{
    /// <summary>
    /// Called once at start-up, before any step. Check credentials and reachability of the tool here.
    /// An unhealthy result (or an exception) disables this adapter only; the host keeps serving the others.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the host stops or the check times out.</param>
    /// <returns>The outcome, with a description that names the tool and the cause.</returns>
    Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>A new request is pending: announce it to the reviewers.</summary>
    /// <param name="context">The request and this adapter's state for it.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the tool has accepted the announcement.</returns>
    Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken);

    /// <summary>A review was added to a request: called once per review, in the order the reviews were made.</summary>
    /// <param name="context">The request, the new review and this adapter's state.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the tool has accepted the update.</returns>
    Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken);

    /// <summary>The request was approved, denied or promoted.</summary>
    /// <param name="context">The request, its resolution and this adapter's state.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the tool has accepted the update.</returns>
    Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken);

    /// <summary>The request expired or was deleted while still pending.</summary>
    /// <param name="context">The last known request and this adapter's state.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the tool has accepted the update.</returns>
    Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken);
}
