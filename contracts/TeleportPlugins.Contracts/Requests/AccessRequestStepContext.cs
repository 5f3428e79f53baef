namespace TeleportPlugins.Contracts;

/// <summary>What every lifecycle step receives.</summary>
public abstract class AccessRequestStepContext
{
    /// <summary>Creates a step context.</summary>
    /// <param name="request">The request as the host last saw it.</param>
    /// <param name="state">This adapter's persisted state for the request.</param>
    protected AccessRequestStepContext(AccessRequestSnapshot request, AdapterRequestState state)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        Request = request;
        State = state;
    }

    /// <summary>The request as the host last saw it.</summary>
    public AccessRequestSnapshot Request { get; }

    /// <summary>
    /// This adapter's state for the request (message IDs, ticket keys, ...): read what earlier steps wrote and
    /// write what later steps need. The host persists it in Teleport when the step completes.
    /// </summary>
    public AdapterRequestState State { get; }
}
