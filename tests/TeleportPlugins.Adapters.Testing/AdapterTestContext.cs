using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>An <see cref="AdapterContext"/> for adapter tests: a real HttpClient, a recording logger and review service.</summary>
public sealed class AdapterTestContext : IDisposable
{
    private readonly HttpClient _http = new();

    /// <summary>Creates the context.</summary>
    /// <param name="name">The adapter name.</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    /// <param name="roleToRecipients">The top-level <c>[role_to_recipients]</c>, empty by default.</param>
    /// <param name="proxyAddress">The proxy's public address for links, or null.</param>
    /// <param name="onBehalfReviews">Teleport's side of approve-from-tool; none by default.</param>
    public AdapterTestContext(
        string name, TimeProvider? timeProvider = null, RoleToRecipients? roleToRecipients = null, string? proxyAddress = "teleport.example.com:443", IOnBehalfReviewService? onBehalfReviews = null)
    {
        OnBehalfReviews = onBehalfReviews ?? NoOnBehalfReviews.Instance;
        Context = new AdapterContext
        {
            Name = name,
            Logger = Logs,
            HttpClient = _http,
            TimeProvider = timeProvider ?? TimeProvider.System,
            Reviews = Reviews,
            States = States,
            RoleToRecipients = roleToRecipients ?? RoleToRecipients.Empty,
            Cluster = new ClusterInfo("teleport.example.com", proxyAddress),
            OnBehalfReviews = OnBehalfReviews,
        };
    }

    /// <summary>The context to pass to the factory.</summary>
    public AdapterContext Context { get; }

    /// <summary>Everything the adapter logged.</summary>
    public RecordingLogger Logs { get; } = new();

    /// <summary>What the host's state store holds for each request; tests remember the state their steps wrote.</summary>
    public RecordingStateReader States { get; } = new();

    /// <summary>Every review the adapter submitted through the host.</summary>
    public RecordingReviewService Reviews { get; } = new();

    /// <summary>Teleport's side of approve-from-tool, as given to the adapter.</summary>
    public IOnBehalfReviewService OnBehalfReviews { get; }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
