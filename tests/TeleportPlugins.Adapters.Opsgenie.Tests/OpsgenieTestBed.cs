using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Opsgenie;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

/// <summary>An Opsgenie fake with an adapter pointed at it on a fake clock, and request snapshots to feed it.</summary>
internal sealed class OpsgenieTestBed : IAsyncDisposable
{
    public const string ApiKey = "og-test-key-81d2f0a4c7";

    private OpsgenieTestBed(OpsgenieApiFake fake, string apiKey)
    {
        Fake = fake;
        Options = new OpsgenieOptions { ApiKey = apiKey, ApiHost = fake.BaseAddress.ToString() };
        Context = new AdapterTestContext("opsgenie", Clock);
        Adapter = CreateAdapter();
    }

    public OpsgenieApiFake Fake { get; }

    public OpsgenieOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new();

    public AdapterTestContext Context { get; }

    public IAccessRequestAdapter Adapter { get; }

    public IOnCallApprover Approver => (IOnCallApprover)Adapter;

    public static async Task<OpsgenieTestBed> StartAsync(string? adapterApiKey = null) =>
        new(await OpsgenieApiFake.StartAsync(ApiKey), adapterApiKey ?? ApiKey);

    /// <summary>Another adapter instance on the same fake, as a second replica would have.</summary>
    public IAccessRequestAdapter CreateAdapter() => new OpsgenieAdapterFactory().Create(Context.Context, Options);

    public static AccessRequestSnapshot Request(
        string id = "0b6f5c8e-2a41-4c1e-9d7a-5e3f2b1c0a99",
        string user = "alice@example.com",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? annotations = null,
        bool withLink = true) => new()
        {
            Id = id,
            Cluster = "teleport.example.com",
            User = user,
            Roles = ["editor"],
            Reason = "Investigate outage",
            Created = new DateTimeOffset(2026, 11, 21, 11, 5, 0, TimeSpan.Zero),
            SystemAnnotations = annotations ?? new Dictionary<string, IReadOnlyList<string>>
            {
                ["teleport.dev/notify-services"] = ["SRE on call"],
                ["teleport.dev/teams"] = ["SRE"],
            },
            WebUiLink = withLink ? new Uri($"https://teleport.example.com/web/requests/{id}") : null,
        };

    /// <summary>Runs <paramref name="step"/>, advancing the fake clock whenever it waits, until it ends.</summary>
    public async Task RunAsync(Func<Task> step)
    {
        var task = step();
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!task.IsCompleted)
        {
            if (Clock.ActiveTimers > 0)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
            }
            else
            {
                await Task.Delay(2);
            }

            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail("the step did not finish");
            }
        }

        await task;
    }

    public async ValueTask DisposeAsync()
    {
        Context.Dispose();
        await Fake.DisposeAsync();
    }
}
