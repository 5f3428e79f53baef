namespace TeleportPlugins.Contracts;

/// <summary>The context of <see cref="IAccessRequestAdapter.OnRequestCreatedAsync"/>.</summary>
/// <param name="request">The new request.</param>
/// <param name="state">This adapter's state for it (empty unless a previous attempt wrote to it).</param>
public sealed class RequestCreatedContext(AccessRequestSnapshot request, AdapterRequestState state)
    : AccessRequestStepContext(request, state);
