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

    /// <summary>
    /// Set when an earlier attempt at this request's step stopped between calling the tool and recording the outcome
    /// (a crash, or a replica that died): look in the tool before creating anything again (since contract 1.2).
    /// Null on a first attempt and on a retry after a failure this host observed, where the state is complete.
    /// </summary>
    public StepResumption? Resumed { get; init; }

    /// <summary>
    /// Where Teleport's Access Monitoring Rules route this request for this adapter (since contract 1.4): the union of
    /// the recipients of every rule whose notification names this adapter and whose condition matches. When set, use
    /// these recipients INSTEAD of role_to_recipients (and of suggested reviewers), as Teleport's plugins do; null when
    /// no rule matched, or the host does not read rules, and role_to_recipients applies.
    /// </summary>
    public IReadOnlyList<string>? RoutedRecipients { get; init; }
}
