using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Contracts;

/// <summary>What the host gives an adapter when creating it.</summary>
public sealed class AdapterContext
{
    /// <summary>The adapter's name, as in <see cref="IAccessRequestAdapterFactory.Name"/>.</summary>
    public required string Name { get; init; }

    /// <summary>A logger whose category names the adapter. Never log secrets through it.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>
    /// An HTTP client from the host's factory, owned by the host (do not dispose it). It has no base address and
    /// no retries of its own: the host retries whole steps, honouring <c>Retry-After</c>.
    /// </summary>
    public required HttpClient HttpClient { get; init; }

    /// <summary>The clock. Use it for every time computation so that tests can run on a fake clock.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Submits reviews or sets request states in Teleport on behalf of the adapter.</summary>
    public required IAccessReviewService Reviews { get; init; }

    /// <summary>
    /// The top-level <c>[role_to_recipients]</c> map (empty when absent). An adapter that has its own
    /// <c>role_to_recipients</c> in its section should prefer that one.
    /// </summary>
    public RoleToRecipients RoleToRecipients { get; init; } = RoleToRecipients.Empty;

    /// <summary>
    /// Reads this adapter's persisted state for any request (since contract 1.1), e.g. to check that a webhook is about
    /// a ticket the host recorded. A host that keeps no state answers null for every request.
    /// </summary>
    public IAdapterStateReader States { get; init; } = NoAdapterState.Instance;

    /// <summary>The Teleport cluster the host is connected to.</summary>
    public ClusterInfo Cluster { get; init; } = ClusterInfo.Unknown;

    /// <summary>
    /// Binds a tool's user to a Teleport user and submits reviews as that user (since contract 1.4), for
    /// approve-from-tool that Teleport's own rules decide. A host without it answers every call with a refusal.
    /// </summary>
    public IOnBehalfReviewService OnBehalfReviews { get; init; } = NoOnBehalfReviews.Instance;
}
