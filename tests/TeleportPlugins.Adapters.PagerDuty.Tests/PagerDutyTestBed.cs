using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.PagerDuty;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>A PagerDuty fake with an adapter pointed at it, and request snapshots to feed it.</summary>
internal sealed class PagerDutyTestBed : IAsyncDisposable
{
    public const string ApiKey = "pd-test-key-5f1c9a7e3b";
    public const string BotEmail = "teleport-bot@example.com";

    private PagerDutyTestBed(PagerDutyApiFake fake, string apiKey, IOnBehalfReviewService? onBehalfReviews)
    {
        Fake = fake;
        Options = new PagerDutyOptions { ApiKey = apiKey, UserEmail = BotEmail, ApiUrl = fake.BaseAddress };
        Context = new AdapterTestContext("pagerduty", onBehalfReviews: onBehalfReviews);
        Adapter = CreateAdapter();
    }

    public PagerDutyApiFake Fake { get; }

    public PagerDutyOptions Options { get; }

    public AdapterTestContext Context { get; }

    public IAccessRequestAdapter Adapter { get; }

    public IOnCallApprover Approver => (IOnCallApprover)Adapter;

    /// <summary>Starts the fake and creates the adapter.</summary>
    /// <param name="adapterApiKey">The key the adapter is given; the fake's by default.</param>
    /// <param name="onBehalfReviews">Teleport's side of approve-from-tool; none by default.</param>
    public static async Task<PagerDutyTestBed> StartAsync(string? adapterApiKey = null, IOnBehalfReviewService? onBehalfReviews = null) =>
        new(await PagerDutyApiFake.StartAsync(ApiKey, BotEmail), adapterApiKey ?? ApiKey, onBehalfReviews);

    /// <summary>Another adapter instance on the same fake, as a second replica would have.</summary>
    public IAccessRequestAdapter CreateAdapter() => new PagerDutyAdapterFactory().Create(Context.Context, Options);

    public static AccessRequestSnapshot Request(
        string id = "7f3c2a10-1b2c-4d5e-8f90-0123456789ab",
        string user = "alice@example.com",
        AccessRequestState state = AccessRequestState.Pending,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? annotations = null,
        bool withLink = true,
        string resolveReason = "") => new()
        {
            Id = id,
            Cluster = "teleport.example.com",
            User = user,
            Roles = ["editor", "dba"],
            Reason = "Deploy hotfix",
            State = state,
            Created = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero),
            SystemAnnotations = annotations ?? new Dictionary<string, IReadOnlyList<string>> { ["pagerduty_notify_service"] = ["Teleport Notifications"] },
            WebUiLink = withLink ? new Uri($"https://teleport.example.com/web/requests/{id}") : null,
            ResolveReason = resolveReason,
        };

    public async ValueTask DisposeAsync()
    {
        Context.Dispose();
        await Fake.DisposeAsync();
    }
}
