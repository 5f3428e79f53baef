using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Datadog;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Datadog.Tests;

/// <summary>A Datadog fake with an adapter pointed at it on a fake clock, its users and teams, and requests to feed it.</summary>
internal sealed class DatadogTestBed : IAsyncDisposable
{
    public const string ApiKey = "dd-api-key-5c1e9a07b2";
    public const string ApplicationKey = "dd-app-key-8f3d2b6e41";

    private DatadogTestBed(DatadogApiFake fake, FakeTimeProvider clock, DatadogOptions options, RoleToRecipients recipients)
    {
        Fake = fake;
        Clock = clock;
        Options = options;
        Recipients = recipients;
        Context = new AdapterTestContext("datadog", Clock, recipients);
        Adapter = CreateAdapter();
    }

    public DatadogApiFake Fake { get; }

    public DatadogOptions Options { get; }

    public RoleToRecipients Recipients { get; }

    public FakeTimeProvider Clock { get; }

    public AdapterTestContext Context { get; }

    public IAccessRequestAdapter Adapter { get; }

    public IOnCallApprover Approver => (IOnCallApprover)Adapter;

    /// <summary>
    /// Starts the fake with the users alice, bob and carol and the team @sre (nobody on call), and an adapter whose
    /// <c>[role_to_recipients]</c> sends every role to carol and @sre unless told otherwise.
    /// </summary>
    public static async Task<DatadogTestBed> StartAsync(string apiKey = ApiKey, string applicationKey = ApplicationKey, RoleToRecipients? recipients = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero));
        var fake = await DatadogApiFake.StartAsync(ApiKey, ApplicationKey, time: clock);
        fake.AddUser("alice@example.com");
        fake.AddUser("bob@example.com");
        fake.AddUser("carol@example.com");
        fake.SetTeam("sre", "Site Reliability", []);
        var options = new DatadogOptions { ApiEndpoint = fake.BaseAddress.ToString(), ApiKey = apiKey, ApplicationKey = applicationKey };
        return new DatadogTestBed(fake, clock, options, recipients ?? AdapterHarness.Recipients(("*", ["carol@example.com", "@sre"])));
    }

    /// <summary>Another adapter instance on the same fake, as a second replica (or a changed configuration) would have.</summary>
    public IAccessRequestAdapter CreateAdapter() => new DatadogAdapterFactory().Create(Context.Context, Options);

    /// <summary>The host's view of the adapter, for crash and resume steps.</summary>
    public AdapterHarness Harness() => new(new DatadogAdapterFactory(), Options, Clock, Recipients, beforeEachStep: () => Clock.Advance(TimeSpan.FromSeconds(1)));

    public static AccessRequestSnapshot Request(
        string id = "0b6f5c8e-2a41-4c1e-9d7a-5e3f2b1c0a99",
        string user = "alice@example.com",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? annotations = null,
        IReadOnlyList<string>? suggestedReviewers = null) => new()
        {
            Id = id,
            Cluster = "teleport.example.com",
            User = user,
            Roles = ["editor"],
            Reason = "Investigate outage",
            Created = new DateTimeOffset(2026, 11, 21, 11, 5, 0, TimeSpan.Zero),
            SystemAnnotations = annotations ?? new Dictionary<string, IReadOnlyList<string>>(),
            SuggestedReviewers = suggestedReviewers ?? [],
            WebUiLink = new Uri($"https://teleport.example.com/web/requests/{id}"),
        };

    public async ValueTask DisposeAsync()
    {
        Context.Dispose();
        await Fake.DisposeAsync();
    }
}
