namespace TeleportPlugins.Contracts;

/// <summary>The context of <see cref="IAccessRequestAdapter.OnRequestExpiredAsync"/>.</summary>
/// <param name="request">
/// The last snapshot the host saw. Teleport's deletion event carries only the ID, so after a restart this may be a
/// snapshot with only <see cref="AccessRequestSnapshot.Id"/> and <see cref="AccessRequestSnapshot.Cluster"/> set;
/// rely on <see cref="AccessRequestStepContext.State"/> for what the adapter posted.
/// </param>
/// <param name="state">This adapter's state for the request.</param>
public sealed class RequestExpiredContext(AccessRequestSnapshot request, AdapterRequestState state)
    : AccessRequestStepContext(request, state);
