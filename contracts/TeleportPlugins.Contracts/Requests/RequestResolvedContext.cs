namespace TeleportPlugins.Contracts;

/// <summary>The context of <see cref="IAccessRequestAdapter.OnRequestResolvedAsync"/>.</summary>
public sealed class RequestResolvedContext : AccessRequestStepContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="request">The resolved request.</param>
    /// <param name="state">This adapter's state for the request.</param>
    public RequestResolvedContext(AccessRequestSnapshot request, AdapterRequestState state)
        : base(request, state)
    {
        if (!request.IsResolved)
        {
            throw new ArgumentException($"Request {request.Id} is {request.State}, not resolved.", nameof(request));
        }
    }

    /// <summary>The final state: <see cref="AccessRequestState.Approved"/>, <see cref="AccessRequestState.Denied"/> or <see cref="AccessRequestState.Promoted"/>.</summary>
    public AccessRequestState Resolution => Request.State;

    /// <summary>The resolution reason, may be empty.</summary>
    public string Reason => Request.ResolveReason;
}
